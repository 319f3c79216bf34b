package dev.uffdtrace.collector.loop;

import java.util.Arrays;

/**
 * Service times of resolved faults (read of the message to the return of the resolving ioctl),
 * kept exactly in a growing array: a run has at most a few million faults, and exact percentiles
 * compare directly with the C reference handler's.
 */
public final class ServiceTimes {
    private long[] nanos = new long[1024];
    private int count;

    public void add(long n) {
        if (count == nanos.length) {
            nanos = Arrays.copyOf(nanos, count * 2);
        }
        nanos[count++] = n;
    }

    /** Forgets every sample (the end of a warm-up). */
    public void clear() {
        count = 0;
    }

    public int count() {
        return count;
    }

    /** The value at index {@code floor(count * p)} of the sorted samples, as ref-handler.c computes it; 0 when empty. */
    public long percentile(double p) {
        if (count == 0) {
            return 0;
        }
        long[] sorted = Arrays.copyOf(nanos, count);
        Arrays.sort(sorted);
        int i = (int) Math.min(count - 1, (long) (count * p));
        return sorted[i];
    }

    public void addAll(ServiceTimes other) {
        for (int i = 0; i < other.count; i++) {
            add(other.nanos[i]);
        }
    }
}
