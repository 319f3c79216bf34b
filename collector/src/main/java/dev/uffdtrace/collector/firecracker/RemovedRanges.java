package dev.uffdtrace.collector.firecracker;

import java.util.Map;
import java.util.TreeMap;

/**
 * Address ranges the VMM gave back with madvise(MADV_DONTNEED) (UFFD_EVENT_REMOVE, the balloon):
 * their snapshot contents are gone for good, so a later fault there gets zeros. Kept as
 * disjoint, merged {@code [start, end)} intervals keyed by start.
 */
final class RemovedRanges {
    private final TreeMap<Long, Long> ranges = new TreeMap<>();

    void add(long start, long end) {
        if (end <= start) {
            return;
        }
        Map.Entry<Long, Long> before = ranges.floorEntry(start);
        if (before != null && before.getValue() >= start) {
            start = before.getKey();
            end = Math.max(end, before.getValue());
        }
        Map.Entry<Long, Long> next = ranges.ceilingEntry(start);
        while (next != null && next.getKey() <= end) {
            end = Math.max(end, next.getValue());
            ranges.remove(next.getKey());
            next = ranges.ceilingEntry(start);
        }
        ranges.put(start, end);
    }

    /** True when any byte of {@code [start, start+len)} was removed. */
    boolean touches(long start, long len) {
        Map.Entry<Long, Long> e = ranges.floorEntry(start + len - 1);
        return e != null && e.getValue() > start;
    }

    int size() {
        return ranges.size();
    }
}
