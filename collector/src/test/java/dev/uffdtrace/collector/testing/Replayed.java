package dev.uffdtrace.collector.testing;

import dev.uffdtrace.analyzer.capability.ProfileRegistry;
import dev.uffdtrace.analyzer.replay.ProfileChoice;
import dev.uffdtrace.analyzer.replay.ReplayResult;
import dev.uffdtrace.analyzer.replay.ReplaySettings;
import dev.uffdtrace.analyzer.replay.TraceReplay;
import dev.uffdtrace.analyzer.rules.Finding;
import dev.uffdtrace.analyzer.stats.GroupKey;
import dev.uffdtrace.analyzer.stats.LatencyHistogram;
import dev.uffdtrace.analyzer.trace.DeadLetter;
import dev.uffdtrace.analyzer.trace.TraceEvent;
import dev.uffdtrace.analyzer.trace.TraceReader;
import dev.uffdtrace.analyzer.trace.TraceSink;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A trace file read back: its events, and its replay against profile linux-6.18. */
public record Replayed(List<TraceEvent> events, List<DeadLetter> deadLetters, ReplayResult result) {

    public static Replayed of(Path trace) throws Exception {
        List<DeadLetter> dead = new ArrayList<>();
        TraceReplay replay = new TraceReplay(new ReplaySettings(
                ProfileChoice.fixed(ProfileRegistry.builtIns().byName("linux-6.18")), 1_000_000), dead::add);
        List<TraceEvent> events = new ArrayList<>();
        new TraceReader().read(trace, new TraceSink() {
            @Override
            public void event(TraceEvent e) {
                events.add(e);
                replay.event(e);
            }

            @Override
            public void deadLetter(DeadLetter d) {
                replay.deadLetter(d);
            }
        });
        return new Replayed(events, dead, replay.finish());
    }

    public List<String> rules() {
        return result.findings().stream().map(Finding::rule).toList();
    }

    public List<Finding> findings(String rule) {
        return result.findings().stream().filter(f -> f.rule().equals(rule)).toList();
    }

    /** Latency group counts as "mem/fault/op" -> count. */
    public Map<String, Long> groupCounts() {
        Map<String, Long> m = new TreeMap<>();
        for (Map.Entry<GroupKey, LatencyHistogram> e : result.latency().groups().entrySet()) {
            GroupKey k = e.getKey();
            m.put(k.mem() + "/" + k.fault() + "/" + k.op(), e.getValue().count());
        }
        return m;
    }

    public <T extends TraceEvent> List<T> ofType(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
