package dev.uffdtrace.analyzer.stats;

/** One resolved fault: its group and how long it waited, in nanoseconds. */
public record LatencySample(String mem, String fault, String op, long latencyNanos, long timeMicros) {
    public GroupKey key() {
        return new GroupKey(mem, fault, op);
    }
}
