package dev.uffdtrace.analyzer.stats;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/** Latency histograms per group, in group order; merging two halves gives the whole. */
public final class LatencyStats {
    private final TreeMap<GroupKey, LatencyHistogram> groups = new TreeMap<>();

    public void record(LatencySample s) {
        record(s.key(), s.latencyNanos());
    }

    public void record(GroupKey key, long nanos) {
        groups.computeIfAbsent(key, k -> new LatencyHistogram()).record(nanos);
    }

    public void merge(LatencyStats other) {
        other.groups.forEach((k, h) -> groups.computeIfAbsent(k, x -> new LatencyHistogram()).merge(h));
    }

    public void merge(GroupKey key, LatencyHistogram h) {
        groups.computeIfAbsent(key, x -> new LatencyHistogram()).merge(h);
    }

    public Map<GroupKey, LatencyHistogram> groups() {
        return Collections.unmodifiableMap(groups);
    }

    public long totalCount() {
        long n = 0;
        for (LatencyHistogram h : groups.values()) {
            n += h.count();
        }
        return n;
    }
}
