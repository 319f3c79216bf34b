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

    /**
     * The groups recorded lately, found by the identity of their three names: a replay passes the
     * same few string instances (wire-name constants, the decoder's cached op strings) for every
     * sample, so most samples find their histogram here without building and hashing a key.
     * Equal strings that are not identical simply miss and take the hash map; the result is the same.
     */
    private static final int RECENT = 16;
    private final String[] recentMem = new String[RECENT];
    private final String[] recentFault = new String[RECENT];
    private final String[] recentOp = new String[RECENT];
    private final LatencyHistogram[] recentHistogram = new LatencyHistogram[RECENT];
    private int recentNext;

    public void record(LatencySample s) {
        String mem = s.mem();
        String fault = s.fault();
        String op = s.op();
        for (int i = 0; i < RECENT; i++) {
            if (recentOp[i] == op && recentFault[i] == fault && recentMem[i] == mem && recentHistogram[i] != null) {
                recentHistogram[i].record(s.latencyNanos());
                return;
            }
        }
        LatencyHistogram h = histogram(s.key());
        int i = recentNext;
        recentNext = (i + 1) % RECENT;
        recentMem[i] = mem;
        recentFault[i] = fault;
        recentOp[i] = op;
        recentHistogram[i] = h;
        h.record(s.latencyNanos());
    }

    private LatencyHistogram histogram(GroupKey key) {
        LatencyHistogram h = groups.get(key);
        if (h == null) {
            h = new LatencyHistogram();
            groups.put(key, h);
        }
        return h;
    }

    public void record(GroupKey key, long nanos) {
        histogram(key).record(nanos);
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
