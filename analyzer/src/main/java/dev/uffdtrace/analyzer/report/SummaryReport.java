package dev.uffdtrace.analyzer.report;

import dev.uffdtrace.analyzer.replay.ReplayResult;
import dev.uffdtrace.analyzer.rules.Finding;
import dev.uffdtrace.analyzer.stats.GroupKey;
import dev.uffdtrace.analyzer.stats.LatencyHistogram;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** The human summary ({@code summary.txt}): counts, findings by rule, top findings, latency table. */
public final class SummaryReport {
    private static final int TOP_FINDINGS = 10;

    private SummaryReport() {
    }

    public static String render(ReplayResult r) {
        StringBuilder b = new StringBuilder();
        b.append("uffdtrace replay summary (profile ").append(r.profile()).append(")\n\n");
        b.append(String.format(Locale.ROOT, "events %d  contexts %d  invalid %d  duplicates %d%n", r.events(),
                r.contexts(), r.invalid(), r.duplicates()));
        b.append(String.format(Locale.ROOT, "faults resolved %d  by close %d  outstanding %d%n%n",
                r.latency().totalCount(), r.resolvedByClose(), r.outstanding()));
        Map<String, long[]> byRule = new TreeMap<>();
        for (Finding f : r.findings()) {
            byRule.computeIfAbsent(f.rule() + " (" + f.severity().wireName() + ")", k -> new long[1])[0]++;
        }
        b.append("findings: ").append(r.findings().size()).append('\n');
        byRule.forEach((rule, n) -> b.append(String.format(Locale.ROOT, "  %-45s %d%n", rule, n[0])));
        if (!r.findings().isEmpty()) {
            b.append("\nfirst findings:\n");
            r.findings().stream().limit(TOP_FINDINGS).forEach(f -> b.append(String.format(Locale.ROOT,
                    "  %-8s %-26s %s seq %d: %s%n", f.severity().wireName(), f.rule(), f.ctx(), f.seq(), f.message())));
        }
        b.append("\nlatency (ns):\n");
        b.append(table(r.latency().groups()));
        return b.toString();
    }

    /** A fixed-width latency table, one row per group. */
    public static String table(Map<GroupKey, LatencyHistogram> groups) {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "  %-15s %-13s %-12s %9s %10s %10s %10s %10s %10s%n",
                "mem", "fault", "op", "count", "p50", "p90", "p99", "p99.9", "max"));
        groups.forEach((k, h) -> b.append(String.format(Locale.ROOT, "  %-15s %-13s %-12s %9d %10d %10d %10d %10d %10d%n",
                k.mem(), k.fault(), k.op(), h.count(), h.percentile(50), h.percentile(90), h.percentile(99),
                h.percentile(99.9), h.max())));
        if (groups.isEmpty()) {
            b.append("  (no resolved faults)\n");
        }
        return b.toString();
    }
}
