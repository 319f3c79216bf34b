package dev.uffdtrace.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import java.util.Map;

/** Renders a {@link LiveView} as the text of one screen (or one status line for logs). */
final class LiveScreen {
    private LiveScreen() {
    }

    static String screen(LiveView v, long elapsedSeconds, String header, String collector) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "uffdtrace run  %02d:%02d  %s%n", elapsedSeconds / 60, elapsedSeconds % 60, header));
        b.append("collector: ").append(collector).append('\n');
        b.append(String.format(Locale.ROOT, "events: %,d  (%,.0f/s)%n", v.events, v.eventsPerSecond()));
        b.append("faults by kind:");
        v.faultsByKind.forEach((k, n) -> b.append(String.format(Locale.ROOT, "  %s %,d", k, n)));
        b.append("\nfindings (committed by the pipeline):");
        if (v.findingsByRule.isEmpty()) {
            b.append(" none yet");
        }
        v.findingsByRule.forEach((k, n) -> b.append(String.format(Locale.ROOT, "%n  %-40s %,d", k, n)));
        b.append("\n\nlatency, running totals (ns):\n");
        b.append(String.format(Locale.ROOT, "  %-15s %-13s %-12s %9s %10s %10s %10s %10s%n", "mem", "fault", "op", "count", "p50",
                "p90", "p99", "max"));
        for (Map.Entry<String, JsonNode> e : v.latencyTotals.entrySet()) {
            JsonNode t = e.getValue().path("total");
            JsonNode g = e.getValue();
            b.append(String.format(Locale.ROOT, "  %-15s %-13s %-12s %9d %10d %10d %10d %10d%n", g.path("mem").asText(),
                    g.path("fault").asText(), g.path("op").asText(), t.path("count").asLong(), t.path("p50_ns").asLong(),
                    t.path("p90_ns").asLong(), t.path("p99_ns").asLong(), t.path("max_ns").asLong()));
        }
        b.append(String.format(Locale.ROOT, "%nlatest alerts (%d in all):%n", v.alertCount));
        for (JsonNode a : v.latestAlerts()) {
            b.append(alertLine(a)).append('\n');
        }
        return b.toString();
    }

    static String alertLine(JsonNode a) {
        return String.format(Locale.ROOT, "  %-8s %-26s x%-4d %s: %s", a.path("severity").asText(), a.path("rule").asText(),
                a.path("count").asLong(), a.path("ctx").asText(), a.path("message").asText());
    }

    static String statusLine(LiveView v, long elapsedSeconds, String collector) {
        return String.format(Locale.ROOT, "[%3ds] events %,d (%,.0f/s), faults %,d, findings %,d, latency groups %d, alerts %d | %s",
                elapsedSeconds, v.events, v.eventsPerSecond(), v.faultsByKind.values().stream().mapToLong(Long::longValue).sum(),
                v.findingsByRule.values().stream().mapToLong(Long::longValue).sum(), v.latencyTotals.size(), v.alertCount,
                collector);
    }
}
