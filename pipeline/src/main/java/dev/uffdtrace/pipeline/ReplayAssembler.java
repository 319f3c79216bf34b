package dev.uffdtrace.pipeline;

import dev.uffdtrace.analyzer.replay.ContextReplay;
import dev.uffdtrace.analyzer.replay.ReplayListener;
import dev.uffdtrace.analyzer.replay.ReplayResult;
import dev.uffdtrace.analyzer.replay.ReplaySettings;
import dev.uffdtrace.analyzer.rules.Finding;
import dev.uffdtrace.analyzer.stats.LatencySample;
import dev.uffdtrace.analyzer.stats.LatencyStats;
import dev.uffdtrace.analyzer.trace.DeadLetter;
import dev.uffdtrace.pipeline.model.ContextSummary;
import dev.uffdtrace.pipeline.model.DeadLetterRecord;
import dev.uffdtrace.pipeline.model.FindingRecord;
import dev.uffdtrace.pipeline.model.ReplayOutput;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The client's half of a bounded replay: gathers what the job sent back, runs the end-of-trace stuck
 * check on the ctxs that still had waiting faults (against the latest {@code time_us} of the whole
 * trace, as the direct replay does), and builds the {@link ReplayResult} in the direct replay's order.
 */
final class ReplayAssembler {
    private static final Comparator<FindingRecord> EMITTED = Comparator.comparing((FindingRecord f) -> f.ctx)
            .thenComparingLong(f -> f.rank);
    private static final Comparator<DeadLetterRecord> ARRIVAL = Comparator.comparingInt((DeadLetterRecord d) -> d.origin)
            .thenComparingLong(d -> d.position);

    private final ReplaySettings settings;
    private final List<FindingRecord> findings = new ArrayList<>();
    private final List<DeadLetterRecord> deadLetters = new ArrayList<>();
    private final List<ContextSummary> summaries = new ArrayList<>();
    private final LatencyStats latency = new LatencyStats();

    ReplayAssembler(ReplaySettings settings) {
        this.settings = settings;
    }

    void accept(ReplayOutput o) {
        if (o.finding != null) {
            findings.add(o.finding);
        } else if (o.deadLetter != null) {
            deadLetters.add(o.deadLetter);
        } else if (o.summary != null) {
            summaries.add(o.summary);
        } else if (o.latency != null) {
            latency.merge(o.latency.key(), o.latency.decode());
        }
    }

    /** Some ctx was replayed by two parallel instances: each saw only part of its records. */
    boolean ctxReadTwice() {
        Set<String> seen = new HashSet<>();
        for (ContextSummary s : summaries) {
            if (!seen.add(s.ctx)) {
                return true;
            }
        }
        return false;
    }

    /** Hands the dead letters over in arrival order, then builds the result. */
    ReplayResult finish(Consumer<DeadLetter> deadLetterSink) {
        deadLetters.sort(ARRIVAL);
        deadLetters.forEach(d -> deadLetterSink.accept(d.toDeadLetter()));
        long maxTime = Long.MIN_VALUE;
        long events = 0;
        long duplicates = 0;
        long resolvedByClose = 0;
        long outstanding = 0;
        for (ContextSummary s : summaries) {
            maxTime = Math.max(maxTime, s.maxTimeMicros);
            events += s.events;
            duplicates += s.duplicates;
            resolvedByClose += s.resolvedByClose;
            outstanding += s.outstanding;
        }
        for (ContextSummary s : summaries) {
            if (s.state != null && maxTime != Long.MIN_VALUE) {
                endOfTrace(s, maxTime);
            }
        }
        findings.sort(EMITTED);
        List<Finding> sorted = new ArrayList<>(findings.size());
        findings.forEach(f -> sorted.add(f.toFinding()));
        sorted.sort(Finding.ORDER);
        return new ReplayResult(settings.profiles().label(), events, summaries.size(), deadLetters.size(), duplicates,
                resolvedByClose, outstanding, List.copyOf(sorted), latency);
    }

    private void endOfTrace(ContextSummary s, long maxTime) {
        long[] rank = {s.findings};
        ContextReplay.fromBytes(s.state, settings).advanceTime(maxTime, new ReplayListener() {
            @Override
            public void finding(Finding f) {
                findings.add(FindingRecord.of(f, rank[0]++));
            }

            @Override
            public void latency(LatencySample sample) {
                throw new IllegalStateException("advanceTime resolved a fault of " + s.ctx);
            }
        });
    }
}
