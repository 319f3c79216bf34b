package dev.uffdtrace.analyzer.replay;

import dev.uffdtrace.analyzer.rules.Finding;
import dev.uffdtrace.analyzer.stats.LatencySample;
import dev.uffdtrace.analyzer.stats.LatencyStats;
import dev.uffdtrace.analyzer.trace.DeadLetter;
import dev.uffdtrace.analyzer.trace.TraceEvent;
import dev.uffdtrace.analyzer.trace.TraceSink;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The direct (single-threaded) replay of a whole trace: routes events to one {@link ContextReplay}
 * per ctx, collects findings and latency, and at the end fires FAULT_STUCK for faults that were
 * still waiting when the trace's latest {@code time_us} passed their threshold.
 *
 * <pre>{@code
 * TraceReplay replay = new TraceReplay(ReplaySettings.defaults(), deadLetters::add);
 * new TraceReader().read(path, replay);
 * ReplayResult result = replay.finish();
 * }</pre>
 */
public final class TraceReplay implements TraceSink {
    private final ReplaySettings settings;
    private final Consumer<DeadLetter> deadLetters;
    private final Map<String, ContextReplay> contexts = new HashMap<>();
    private final List<Finding> findings = new ArrayList<>();
    private final LatencyStats latency = new LatencyStats();
    private final Counts counts = new Counts();
    private long maxTimeMicros = Long.MIN_VALUE;
    private String currentSource = "trace";
    private long currentLine;

    /** The counters of latency.json. */
    public static final class Counts {
        long events;
        long invalid;
        long duplicates;
        long resolvedByClose;
    }

    private final ReplayListener listener = new ReplayListener() {
        @Override
        public void finding(Finding f) {
            findings.add(f);
        }

        @Override
        public void latency(LatencySample s) {
            latency.record(s);
        }

        @Override
        public void applied(TraceEvent e) {
            counts.events++;
            maxTimeMicros = Math.max(maxTimeMicros, e.timeMicros());
        }

        @Override
        public void duplicate(TraceEvent e) {
            counts.duplicates++;
        }

        @Override
        public void afterClose(TraceEvent e) {
            deadLetter(new DeadLetter(currentSource, currentLine, (currentLine > 0 ? "line " + currentLine + ": " : "") + "seq " + e.seq() + " of ctx " + e.ctx()
                    + " is above that of its close", dev.uffdtrace.analyzer.rules.Evidence.of(e)));
        }

        @Override
        public void resolvedByClose(int faults) {
            counts.resolvedByClose += faults;
        }
    };

    public TraceReplay(ReplaySettings settings, Consumer<DeadLetter> deadLetters) {
        this.settings = settings;
        this.deadLetters = deadLetters;
    }

    @Override
    public void position(String source, long line) {
        this.currentSource = source;
        this.currentLine = line;
    }

    @Override
    public void event(TraceEvent e) {
        ContextReplay c = contexts.get(e.ctx());
        if (c == null) {
            c = new ContextReplay(e.ctx(), settings);
            contexts.put(e.ctx(), c);
        }
        c.apply(e, listener);
    }

    @Override
    public void deadLetter(DeadLetter d) {
        counts.invalid++;
        deadLetters.accept(d);
    }

    /** Ends the trace: stuck checks against its latest time, then the sorted result. */
    public ReplayResult finish() {
        long outstanding = 0;
        for (ContextReplay c : contexts.values()) {
            if (maxTimeMicros != Long.MIN_VALUE) {
                c.advanceTime(maxTimeMicros, listener);
            }
            outstanding += c.outstandingFaults();
        }
        findings.sort(Finding.ORDER);
        return new ReplayResult(settings.profiles().label(), counts.events, contexts.size(), counts.invalid,
                counts.duplicates, counts.resolvedByClose, outstanding, List.copyOf(findings), latency);
    }
}
