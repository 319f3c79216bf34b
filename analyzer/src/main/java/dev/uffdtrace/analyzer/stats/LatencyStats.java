package dev.uffdtrace.analyzer.stats;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Latency histograms per group; {@link #groups()} lists them in group order. Merging two halves
 * gives the whole. Recording goes through a hash map (one lookup per resolved fault is hot).
 */
public final class LatencyStats {
    private final HashMap<GroupKey, LatencyHistogram> groups = new HashMap<>();

    public void record(LatencySample s) {
        record(s.key(), s.latencyNanos());
    }

    public void record(GroupKey key, long nanos) {
        LatencyHistogram h = groups.get(key);
        if (h == null) {
            h = new LatencyHistogram();
            groups.put(key, h);
        }
        h.record(nanos);
    }

    public void merge(LatencyStats other) {
        other.groups.forEach((k, h) -> groups.computeIfAbsent(k, x -> new LatencyHistogram()).merge(h));
    }

    public void merge(GroupKey key, LatencyHistogram h) {
        groups.computeIfAbsent(key, x -> new LatencyHistogram()).merge(h);
    }

    public Map<GroupKey, LatencyHistogram> groups() {
        return Collections.unmodifiableMap(new TreeMap<>(groups));
    }

    public long totalCount() {
        long n = 0;
        for (LatencyHistogram h : groups.values()) {
            n += h.count();
        }
        return n;
    }
}
