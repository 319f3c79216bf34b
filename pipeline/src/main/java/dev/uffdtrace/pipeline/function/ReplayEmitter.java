package dev.uffdtrace.pipeline.function;

import dev.uffdtrace.analyzer.replay.ReplayListener;
import dev.uffdtrace.analyzer.rules.Evidence;
import dev.uffdtrace.analyzer.rules.Finding;
import dev.uffdtrace.analyzer.stats.LatencySample;
import dev.uffdtrace.analyzer.trace.DeadLetter;
import dev.uffdtrace.analyzer.trace.TraceEvent;
import dev.uffdtrace.pipeline.io.SourceNames;
import dev.uffdtrace.pipeline.model.ContextTally;
import dev.uffdtrace.pipeline.model.DeadLetterRecord;
import dev.uffdtrace.pipeline.model.FindingRecord;
import dev.uffdtrace.pipeline.model.LatencyRecord;
import dev.uffdtrace.pipeline.model.TraceRecord;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * What one ctx's replay produces, routed to the keyed function's outputs: findings on the main
 * output, latency samples and after-close dead letters on side outputs, counts into the tally.
 * Bound to the current element or timer before each call into the analyzer.
 */
final class ReplayEmitter implements ReplayListener {
    private final SourceNames names;
    private final int saltBuckets;
    private ContextTally tally;
    private Collector<FindingRecord> out;
    private KeyedProcessFunction<String, TraceRecord, FindingRecord>.Context side;
    private TraceRecord current;
    private int salt;

    ReplayEmitter(SourceNames names, int saltBuckets) {
        this.names = names;
        this.saltBuckets = saltBuckets;
    }

    void bind(ContextTally tally, Collector<FindingRecord> out,
              KeyedProcessFunction<String, TraceRecord, FindingRecord>.Context side, TraceRecord current) {
        this.tally = tally;
        this.out = out;
        this.side = side;
        this.current = current;
        this.salt = Math.floorMod(side.getCurrentKey().hashCode(), saltBuckets);
    }

    @Override
    public void finding(Finding f) {
        out.collect(FindingRecord.of(f, tally.findings++));
    }

    @Override
    public void latency(LatencySample s) {
        side.output(Tags.LATENCY, LatencyRecord.of(s, salt));
    }

    @Override
    public void applied(TraceEvent e) {
        tally.events++;
        tally.maxTimeMicros = Math.max(tally.maxTimeMicros, e.timeMicros());
    }

    @Override
    public void duplicate(TraceEvent e) {
        tally.duplicates++;
    }

    @Override
    public void afterClose(TraceEvent e) {
        String reason = names.reason(current.position, "seq " + e.seq() + " of ctx " + e.ctx()
                + " is above that of its close");
        side.output(Tags.DEAD_LETTERS, new DeadLetterRecord(current.origin, current.position, new DeadLetter(
                names.source(current.origin, current.position), names.line(current.position), reason, Evidence.of(e))));
    }

    @Override
    public void resolvedByClose(int faults) {
        tally.resolvedByClose += faults;
    }
}
