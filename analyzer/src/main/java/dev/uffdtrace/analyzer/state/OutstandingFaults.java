package dev.uffdtrace.analyzer.state;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The faults of one ctx that no event has woken yet, by page start: a wake of {@code [a,b)}
 * resolves every fault whose whole page lies inside. Faults on the same page are chained
 * through {@link PendingFault#next}, oldest first. A ctx rarely has more than a few faults
 * waiting (one per blocked thread), so the stuck check simply looks at all of them.
 */
public final class OutstandingFaults {
    /** Oldest first; seq breaks ties (unique within a ctx). */
    private static final Comparator<PendingFault> BY_TIME = (a, b) -> {
        int c = Long.compare(a.timeMicros(), b.timeMicros());
        return c != 0 ? c : Long.compare(a.event().seq(), b.event().seq());
    };

    private final TreeMap<Long, PendingFault> byPage = new TreeMap<>();
    private int size;
    /** The smallest page size of any fault ever added (a lower bound of those outstanding). */
    private long minPageSize = Long.MAX_VALUE;

    public void add(PendingFault f) {
        f.next = null;
        minPageSize = Math.min(minPageSize, f.pageSize());
        PendingFault head = byPage.putIfAbsent(f.page(), f);
        if (head != null) {
            PendingFault last = head;
            while (last.next != null) {
                last = last.next;
            }
            last.next = f;
        }
        size++;
    }

    /** Removes and returns the faults whose page lies wholly inside {@code [start, end)}. */
    public List<PendingFault> wake(long start, long end) {
        if (end <= start || size == 0) {
            return List.of();
        }
        if (end - start <= minPageSize) {
            return wakeOnePage(start, end);
        }
        List<PendingFault> woken = null;
        Iterator<Map.Entry<Long, PendingFault>> it = byPage.subMap(start, true, end, false).entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<Long, PendingFault> e = it.next();
            if (woken == null) {
                woken = new ArrayList<>(2);
            }
            PendingFault keep = takeWoken(e.getValue(), end, woken);
            if (keep == null) {
                it.remove();
            } else {
                e.setValue(keep);
            }
        }
        return woken == null || woken.isEmpty() ? List.of() : woken;
    }

    /**
     * {@link #wake} of a range no longer than any outstanding fault's page (the usual wake: one
     * page): a page wholly inside it must start at {@code start}, so one lookup finds all there
     * is to wake, without the sub-map view and iterator of the general case.
     */
    private List<PendingFault> wakeOnePage(long start, long end) {
        Long key = start; // boxed once for both map operations
        PendingFault head = byPage.get(key);
        if (head == null) {
            return List.of();
        }
        List<PendingFault> woken = new ArrayList<>(2);
        PendingFault keep = takeWoken(head, end, woken);
        if (keep == null) {
            byPage.remove(key);
        } else if (keep != head) {
            byPage.put(key, keep);
        }
        return woken.isEmpty() ? List.of() : woken;
    }

    /**
     * Moves the faults of one page's chain whose page ends by {@code end} into {@code woken}
     * and returns what is left of the chain (null when nothing is), order kept.
     */
    private PendingFault takeWoken(PendingFault head, long end, List<PendingFault> woken) {
        PendingFault keep = null;
        PendingFault keepTail = null;
        for (PendingFault f = head; f != null; ) {
            PendingFault next = f.next;
            f.next = null;
            if (f.pageEnd() <= end) {
                woken.add(f);
                size--;
            } else if (keep == null) {
                keep = f;
                keepTail = f;
            } else {
                keepTail.next = f;
                keepTail = f;
            }
            f = next;
        }
        return keep;
    }

    /** Removes and returns every fault (close wakes them all), in page order. */
    public List<PendingFault> wakeAll() {
        List<PendingFault> all = all();
        byPage.clear();
        size = 0;
        return all;
    }

    /**
     * Marks and returns the unreported faults older than {@code nowMicros - thresholdMicros}
     * (strictly: {@code now - time > threshold}), oldest first; they stay outstanding.
     */
    public List<PendingFault> takeStuck(long nowMicros, long thresholdMicros) {
        if (size == 0) {
            return List.of();
        }
        List<PendingFault> stuck = new ArrayList<>(0);
        for (PendingFault head : byPage.values()) {
            for (PendingFault f = head; f != null; f = f.next) {
                if (!f.stuckReported() && nowMicros - f.timeMicros() > thresholdMicros) {
                    f.markStuckReported();
                    stuck.add(f);
                }
            }
        }
        stuck.sort(BY_TIME);
        return stuck;
    }

    /** Time of the oldest fault not yet reported stuck, or {@code Long.MAX_VALUE}. */
    public long oldestUnreportedMicros() {
        long oldest = Long.MAX_VALUE;
        for (PendingFault head : byPage.values()) {
            for (PendingFault f = head; f != null; f = f.next) {
                if (!f.stuckReported()) {
                    oldest = Math.min(oldest, f.timeMicros());
                }
            }
        }
        return oldest;
    }

    /** All outstanding faults in page order, oldest first within a page (for snapshots). */
    public List<PendingFault> all() {
        List<PendingFault> all = new ArrayList<>(size);
        for (PendingFault head : byPage.values()) {
            for (PendingFault f = head; f != null; f = f.next) {
                all.add(f);
            }
        }
        return all;
    }

    public int size() {
        return size;
    }
}
