package dev.uffdtrace.collector.observe;

import java.util.LinkedHashMap;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * How long a faulting thread waited before the handler read its fault: from the user-mode fault
 * (exceptions:page_fault_user, inside a registered range) to the return of the read that
 * delivered the message. Matched by 4 KiB page; the last user fault on a page wins. This is
 * the part of a fault's latency the trace's fault {@code mono_ns} (the read time) leaves out.
 */
final class FaultWaits {
    private static final int MAX_PENDING = 1 << 16;
    private static final long PAGE_MASK = ~4095L;

    private final Map<Long, Long> pending = new LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Long> eldest) {
            return size() > MAX_PENDING;
        }
    };
    private final Histogram waits = new Histogram(3);
    private long unmatched;

    void userFault(long addr, long monoNanos) {
        pending.put(addr & PAGE_MASK, monoNanos);
    }

    void read(long addr, long monoNanos) {
        Long at = pending.remove(addr & PAGE_MASK);
        if (at == null || at > monoNanos) {
            unmatched++;
            return;
        }
        waits.recordValue(monoNanos - at);
    }

    long matched() {
        return waits.getTotalCount();
    }

    long unmatched() {
        return unmatched;
    }

    /** {"matched":n,"unmatched":n,"p50_ns":..,"p99_ns":..,"max_ns":..} */
    String json() {
        return "{\"matched\":" + matched() + ",\"unmatched\":" + unmatched + ",\"p50_ns\":"
                + waits.getValueAtPercentile(50) + ",\"p99_ns\":" + waits.getValueAtPercentile(99) + ",\"max_ns\":"
                + waits.getMaxValue() + "}";
    }
}
