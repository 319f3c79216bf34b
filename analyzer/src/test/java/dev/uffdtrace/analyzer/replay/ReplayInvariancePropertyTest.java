package dev.uffdtrace.analyzer.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.uffdtrace.analyzer.report.LatencyReport;
import dev.uffdtrace.analyzer.rules.Finding;
import dev.uffdtrace.analyzer.synth.TraceGenerator;
import dev.uffdtrace.analyzer.trace.TraceEvent;
import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Findings and latency do not depend on how the ctxs' streams are interleaved, nor on a replay
 * being snapshotted and restored in the middle.
 */
class ReplayInvariancePropertyTest {
    private static List<TraceEvent> generated(long seed) {
        List<TraceEvent> events = new ArrayList<>();
        new TraceGenerator(seed, 3_000, 6).misuseRate(0.05).generate(events::add);
        return events;
    }

    private static String fingerprint(ReplayResult r) {
        StringBuilder b = new StringBuilder(LatencyReport.render(r));
        for (Finding f : r.findings()) {
            b.append('\n').append(f);
        }
        return b.toString();
    }

    private static ReplayResult replay(List<TraceEvent> events) {
        TraceReplay r = new TraceReplay(ReplaySettings.defaults(), d -> {
            throw new AssertionError(d.reason());
        });
        events.forEach(r::event);
        return r.finish();
    }

    @Property(tries = 20)
    void interleavingOfContextsDoesNotMatter(@ForAll @IntRange(min = 0, max = 1000) int seed,
                                             @ForAll @IntRange(min = 0, max = 1000) int shuffle) {
        List<TraceEvent> events = generated(seed);
        Map<String, ArrayDeque<TraceEvent>> perCtx = new LinkedHashMap<>();
        for (TraceEvent e : events) {
            perCtx.computeIfAbsent(e.ctx(), k -> new ArrayDeque<>()).add(e);
        }
        Random rnd = new Random(shuffle);
        List<ArrayDeque<TraceEvent>> queues = new ArrayList<>(perCtx.values());
        List<TraceEvent> reordered = new ArrayList<>();
        while (!queues.isEmpty()) {
            int i = rnd.nextInt(queues.size());
            reordered.add(queues.get(i).poll());
            if (queues.get(i).isEmpty()) {
                queues.remove(i);
            }
        }
        assertThat(fingerprint(replay(reordered))).isEqualTo(fingerprint(replay(events)));
    }

    @Property(tries = 20)
    void aSnapshotAndRestoreInTheMiddleChangesNothing(@ForAll @IntRange(min = 0, max = 1000) int seed,
                                                      @ForAll @IntRange(min = 1, max = 2999) int cut) {
        List<TraceEvent> events = generated(seed);
        ReplaySettings settings = ReplaySettings.defaults();
        List<Object> straight = new ArrayList<>();
        List<Object> restored = new ArrayList<>();
        Map<String, ContextReplay> a = new LinkedHashMap<>();
        Map<String, ContextReplay> b = new LinkedHashMap<>();
        for (int i = 0; i < events.size(); i++) {
            TraceEvent e = events.get(i);
            if (i == cut) {
                b.replaceAll((ctx, r) -> ContextReplay.fromBytes(r.toBytes(), settings));
            }
            a.computeIfAbsent(e.ctx(), c -> new ContextReplay(c, settings)).apply(e, collector(straight));
            b.computeIfAbsent(e.ctx(), c -> new ContextReplay(c, settings)).apply(e, collector(restored));
        }
        long end = events.get(events.size() - 1).timeMicros() + 5_000_000;
        a.values().forEach(r -> r.advanceTime(end, collector(straight)));
        b.values().forEach(r -> r.advanceTime(end, collector(restored)));
        assertThat(restored).isEqualTo(straight);
    }

    private static ReplayListener collector(List<Object> out) {
        return new ReplayListener() {
            @Override
            public void finding(Finding f) {
                out.add(f);
            }

            @Override
            public void latency(dev.uffdtrace.analyzer.stats.LatencySample s) {
                out.add(s);
            }

            @Override
            public void duplicate(TraceEvent e) {
                out.add("dup " + e.seq());
            }

            @Override
            public void resolvedByClose(int n) {
                out.add("close " + n);
            }
        };
    }

}
