package dev.uffdtrace.analyzer.state;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A ctx's registered ranges as a map of disjoint intervals, keyed by start address.
 * <pre>
 *   add [a,b)      replaces whatever overlapped [a,b) (a re-register replaces the modes)
 *   remove [a,b)   splits the ranges at a and b and drops the inside (unregister, UNMAP)
 *   move f->t,n    takes [f,f+n) out, clears [t,t+n), puts the pieces back shifted (REMAP)
 * </pre>
 * Neighbours with equal attributes are not merged: the map stays a faithful record of what
 * was registered, and lookups are O(log n) either way.
 */
public final class Registrations {
    private final TreeMap<Long, RegisteredRange> ranges = new TreeMap<>();

    public void add(RegisteredRange r) {
        remove(r.start(), r.end());
        ranges.put(r.start(), r);
    }

    public void remove(long start, long end) {
        if (end <= start) {
            return;
        }
        for (RegisteredRange r : overlapping(start, end)) {
            ranges.remove(r.start());
            if (r.start() < start) {
                ranges.put(r.start(), r.slice(r.start(), start));
            }
            if (r.end() > end) {
                ranges.put(end, r.slice(end, r.end()));
            }
        }
    }

    public void move(long from, long to, long len) {
        if (len <= 0) {
            return;
        }
        List<RegisteredRange> pieces = new ArrayList<>();
        for (RegisteredRange r : overlapping(from, from + len)) {
            pieces.add(r.slice(from, from + len).shifted(to - from));
        }
        remove(from, from + len);
        remove(to, to + len);
        for (RegisteredRange p : pieces) {
            ranges.put(p.start(), p);
        }
    }

    /** The range holding {@code addr}, or null. */
    public RegisteredRange at(long addr) {
        Map.Entry<Long, RegisteredRange> e = ranges.floorEntry(addr);
        return e != null && e.getValue().end() > addr ? e.getValue() : null;
    }

    /** The ranges that overlap {@code [start, end)}, in address order. */
    public List<RegisteredRange> overlapping(long start, long end) {
        List<RegisteredRange> out = new ArrayList<>(2);
        if (end <= start) {
            return out;
        }
        Map.Entry<Long, RegisteredRange> first = ranges.floorEntry(start);
        long from = first != null && first.getValue().end() > start ? first.getKey() : start;
        for (RegisteredRange r : ranges.subMap(from, true, end, false).values()) {
            out.add(r);
        }
        return out;
    }

    /** True when every byte of {@code [start, end)} is registered (an empty range is not covered). */
    public boolean covers(long start, long end) {
        return coversWith(overlapping(start, end), start, end);
    }

    /** {@link #covers} given the ranges that overlap {@code [start, end)}, in address order. */
    public static boolean coversWith(List<RegisteredRange> overlapping, long start, long end) {
        if (end <= start) {
            return false;
        }
        long next = start;
        for (RegisteredRange r : overlapping) {
            if (r.start() > next) {
                return false;
            }
            next = r.end();
        }
        return next >= end;
    }

    public Collection<RegisteredRange> all() {
        return ranges.values();
    }

    public int size() {
        return ranges.size();
    }

    public void clear() {
        ranges.clear();
    }
}
