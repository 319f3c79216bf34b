package dev.uffdtrace.pipeline.function;

import dev.uffdtrace.analyzer.stats.GroupKey;
import dev.uffdtrace.analyzer.stats.LatencyHistogram;
import dev.uffdtrace.analyzer.stats.LatencyStats;
import dev.uffdtrace.pipeline.model.GroupHistogram;
import dev.uffdtrace.pipeline.model.LatencyRecord;
import java.util.Map;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * A bounded replay's latency, pre-aggregated where the samples are made (chained to the keyed replay):
 * one {@link LatencyStats} per parallel instance, emitted per group at the end of the input; the
 * client merges the instances' histograms.
 */
public final class LatencyTotalsOperator extends AbstractStreamOperator<GroupHistogram>
        implements OneInputStreamOperator<LatencyRecord, GroupHistogram>, BoundedOneInput {
    private static final long serialVersionUID = 1L;

    private transient LatencyStats stats;

    @Override
    public void open() throws Exception {
        super.open();
        stats = new LatencyStats();
    }

    @Override
    public void processElement(StreamRecord<LatencyRecord> element) {
        LatencyRecord r = element.getValue();
        stats.record(new GroupKey(r.mem, r.fault, r.op), r.latencyNanos);
    }

    @Override
    public void endInput() {
        for (Map.Entry<GroupKey, LatencyHistogram> e : stats.groups().entrySet()) {
            output.collect(new StreamRecord<>(new GroupHistogram(e.getKey(), 0, 0, e.getValue())));
        }
        stats = new LatencyStats();
    }
}
