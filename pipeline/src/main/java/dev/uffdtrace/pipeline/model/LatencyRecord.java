package dev.uffdtrace.pipeline.model;

import dev.uffdtrace.analyzer.stats.LatencySample;

/**
 * One resolved fault's latency ({@link LatencySample}) with a salt derived from its ctx, which spreads
 * a hot group over parallel pre-aggregators.
 */
public class LatencyRecord {
    public String mem;
    public String fault;
    public String op;
    public long latencyNanos;
    public long timeMicros;
    public int salt;

    public LatencyRecord() {
    }

    public static LatencyRecord of(LatencySample s, int salt) {
        LatencyRecord r = new LatencyRecord();
        r.mem = s.mem();
        r.fault = s.fault();
        r.op = s.op();
        r.latencyNanos = s.latencyNanos();
        r.timeMicros = s.timeMicros();
        r.salt = salt;
        return r;
    }
}
