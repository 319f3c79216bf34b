package dev.uffdtrace.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.uffdtrace.analyzer.replay.ReplaySettings;
import dev.uffdtrace.analyzer.replay.TraceReplay;
import dev.uffdtrace.analyzer.rules.Finding;
import dev.uffdtrace.analyzer.trace.InvalidRecordException;
import dev.uffdtrace.analyzer.trace.TraceJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A multiset of findings by identity (rule, ctx, seq, message), to compare what the streaming job
 * wrote with what a direct replay of the same events finds. FAULT_STUCK is left out: the stream
 * decides it by event-time timers, the bounded replay at the end of the trace, so the two
 * legitimately differ on it.
 */
final class Findings {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TIME_DEPENDENT = "FAULT_STUCK";

    private final Map<String, Long> counts = new TreeMap<>();
    private final Set<String> ctxs = new java.util.TreeSet<>();

    private void add(String rule, String ctx, long seq, String message) {
        if (!rule.equals(TIME_DEPENDENT)) {
            counts.merge(rule + " " + ctx + " #" + seq + " " + message, 1L, Long::sum);
            ctxs.add(ctx);
        }
    }

    Map<String, Long> counts() {
        return counts;
    }

    Set<String> ctxs() {
        return ctxs;
    }

    long size() {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }

    /** The findings the analyzer gives for these events (JSON lines, per-ctx order), replayed directly. */
    static Findings replayOf(List<String> events) throws InvalidRecordException {
        TraceReplay replay = new TraceReplay(ReplaySettings.defaults(), d -> {
            throw new IllegalStateException("dead letter in the events topic: " + d);
        });
        TraceJson codec = new TraceJson();
        for (String e : events) {
            replay.event(codec.decode(e));
        }
        Findings f = new Findings();
        for (Finding x : replay.finish().findings()) {
            f.add(x.rule(), x.ctx(), x.seq(), x.message());
        }
        return f;
    }

    /** The findings topic as soon as it matches {@code expected}, or as it is at the deadline. */
    static Findings awaitTopic(String bootstrap, String topic, Findings expected, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Findings f = new Findings();
            for (String json : TopicReader.readAll(bootstrap, topic, timeout)) {
                f.addJson(json);
            }
            if (f.counts.equals(expected.counts) || System.nanoTime() > deadline) {
                return f;
            }
            Thread.sleep(2_000);
        }
    }

    private void addJson(String json) {
        try {
            JsonNode n = JSON.readTree(json);
            add(n.path("rule").asText(), n.path("ctx").asText(), n.path("seq").asLong(), n.path("message").asText());
        } catch (IOException e) {
            throw new UncheckedIOException("not a JSON finding: " + json, e);
        }
    }
}
