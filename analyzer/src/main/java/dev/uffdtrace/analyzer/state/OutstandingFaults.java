package dev.uffdtrace.analyzer.state;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The faults of one ctx that no event has woken yet, indexed two ways:
 * by page start (a wake of {@code [a,b)} resolves every fault whose whole page lies inside),
 * and by event time (the stuck check walks the oldest first and stops at the first young one).
 */
public final class OutstandingFaults {
    /** Oldest first; seq breaks ties (unique within a ctx). Plain code: this runs per fault. */
    private static final Comparator<PendingFault> BY_TIME = (a, b) -> {
        int c = Long.compare(a.event().timeMicros(), b.event().timeMicros());
        return c != 0 ? c : Long.compare(a.event().seq(), b.event().seq());
    };

    private final TreeMap<Long, List<PendingFault>> byPage = new TreeMap<>();
    /** Faults not yet reported stuck, oldest first. */
    private final TreeSet<PendingFault> unreported = new TreeSet<>(BY_TIME);
    private int size;

    public void add(PendingFault f) {
        byPage.computeIfAbsent(f.page(), k -> new ArrayList<>(1)).add(f);
        if (!f.stuckReported()) {
            unreported.add(f);
        }
        size++;
    }

    /** Removes and returns the faults whose page lies wholly inside {@code [start, end)}. */
    public List<PendingFault> wake(long start, long end) {
        if (end <= start || byPage.isEmpty()) {
            return List.of();
        }
        List<PendingFault> woken = new ArrayList<>(1);
        Iterator<Map.Entry<Long, List<PendingFault>>> it = byPage.subMap(start, true, end, false).entrySet().iterator();
        while (it.hasNext()) {
            List<PendingFault> waiters = it.next().getValue();
            Iterator<PendingFault> w = waiters.iterator();
            while (w.hasNext()) {
                PendingFault f = w.next();
                if (f.pageEnd() <= end) {
                    w.remove();
                    unreported.remove(f);
                    woken.add(f);
                    size--;
                }
            }
            if (waiters.isEmpty()) {
                it.remove();
            }
        }
        return woken;
    }

    /** Removes and returns every fault (close wakes them all), in page order. */
    public List<PendingFault> wakeAll() {
        List<PendingFault> all = new ArrayList<>(size);
        byPage.values().forEach(all::addAll);
        byPage.clear();
        unreported.clear();
        size = 0;
        return all;
    }

    /**
     * Marks and returns the unreported faults older than {@code nowMicros - thresholdMicros}
     * (strictly: {@code now - time > threshold}), oldest first; they stay outstanding.
     */
    public List<PendingFault> takeStuck(long nowMicros, long thresholdMicros) {
        List<PendingFault> stuck = new ArrayList<>(0);
        Iterator<PendingFault> it = unreported.iterator();
        while (it.hasNext()) {
            PendingFault f = it.next();
            if (nowMicros - f.event().timeMicros() <= thresholdMicros) {
                break;
            }
            it.remove();
            f.markStuckReported();
            stuck.add(f);
        }
        return stuck;
    }

    /** Time of the oldest fault not yet reported stuck, or {@code Long.MAX_VALUE}. */
    public long oldestUnreportedMicros() {
        return unreported.isEmpty() ? Long.MAX_VALUE : unreported.first().event().timeMicros();
    }

    /** All outstanding faults in page order (for snapshots). */
    public List<PendingFault> all() {
        List<PendingFault> all = new ArrayList<>(size);
        byPage.values().forEach(all::addAll);
        return all;
    }

    public int size() {
        return size;
    }
}
