package dev.uffdtrace.pipeline.model;

import dev.uffdtrace.analyzer.stats.GroupKey;
import dev.uffdtrace.analyzer.stats.LatencyHistogram;

/**
 * A latency histogram of one group (mem, fault kind, op) over an event-time window, as bytes
 * ({@code LatencyHistogram.toBytes}); a bounded replay's whole-trace partials have no window (0, 0).
 */
public class GroupHistogram {
    public String mem;
    public String fault;
    public String op;
    public long windowStartMicros;
    public long windowEndMicros;
    public byte[] histogram;

    public GroupHistogram() {
    }

    public GroupHistogram(GroupKey key, long windowStartMicros, long windowEndMicros, LatencyHistogram h) {
        this.mem = key.mem();
        this.fault = key.fault();
        this.op = key.op();
        this.windowStartMicros = windowStartMicros;
        this.windowEndMicros = windowEndMicros;
        this.histogram = h.toBytes();
    }

    public GroupKey key() {
        return new GroupKey(mem, fault, op);
    }

    public LatencyHistogram decode() {
        return LatencyHistogram.fromBytes(histogram);
    }
}
