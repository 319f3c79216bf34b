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
    /**
     * The ranges in address order as a plain array, rebuilt after a change (null: stale).
     * Faults and ioctls look up far more often than registrations change, and a binary search
     * over primitive bounds neither boxes the address nor allocates a sub-map view.
     */
    private RegisteredRange[] sorted;
    /** One unmodifiable single-element list per entry of {@link #sorted}: the usual answer of {@link #overlapping}. */
    private List<RegisteredRange>[] singles;

    public void add(RegisteredRange r) {
        remove(r.start(), r.end());
        ranges.put(r.start(), r);
        sorted = null;
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
        sorted = null;
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
        sorted = null;
    }

    /** The range holding {@code addr}, or null. */
    public RegisteredRange at(long addr) {
        RegisteredRange[] a = snapshot();
        int i = floorIndex(a, addr);
        return i >= 0 && a[i].end() > addr ? a[i] : null;
    }

    private RegisteredRange[] snapshot() {
        RegisteredRange[] a = sorted;
        if (a == null) {
            a = ranges.values().toArray(new RegisteredRange[0]);
            @SuppressWarnings("unchecked")
            List<RegisteredRange>[] s = new List[a.length];
            for (int i = 0; i < a.length; i++) {
                s[i] = List.of(a[i]);
            }
            singles = s;
            sorted = a;
        }
        return a;
    }

    /** The index of the last range starting at or before {@code addr}, or -1. */
    private static int floorIndex(RegisteredRange[] a, long addr) {
        int lo = 0;
        int hi = a.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid].start() <= addr) {
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return hi;
    }

    /** The ranges that overlap {@code [start, end)}, in address order. */
    public List<RegisteredRange> overlapping(long start, long end) {
        if (end <= start) {
            return new ArrayList<>(0);
        }
        RegisteredRange[] a = snapshot();
        int i = floorIndex(a, start);
        if (i < 0 || a[i].end() <= start) {
            i++; // the range before start ends before it: begin with the next one
        }
        if (i >= a.length || a[i].start() >= end) {
            return new ArrayList<>(0);
        }
        if (i + 1 >= a.length || a[i + 1].start() >= end) {
            return singles[i]; // the common case: one range holds the call
        }
        List<RegisteredRange> out = new ArrayList<>(2);
        for (; i < a.length && a[i].start() < end; i++) {
            out.add(a[i]);
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
        sorted = null;
        ranges.clear();
    }
}
