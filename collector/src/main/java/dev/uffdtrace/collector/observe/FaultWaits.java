package dev.uffdtrace.collector.observe;

import org.HdrHistogram.Histogram;

/**
 * How long a faulting thread waited before the handler read its fault: from the user-mode fault
 * (the page_fault_user tracepoint, inside a registered range) to the return of the read that
 * delivered the message. Matched by 4 KiB page; the last user fault on a page wins. This is
 * the part of a fault's latency the trace's fault {@code mono_ns} (the read time) leaves out.
 *
 * <p>Pending user faults sit in a table of {@value #SLOTS} slots indexed by page (two arrays, no
 * object per fault: one user fault and one read per fault of the observed handler): a page whose
 * slot another page took before its read counts as unmatched.
 */
final class FaultWaits {
    static final int SLOTS = 1 << 16;
    private static final long PAGE_MASK = ~4095L;

    /** The page of each slot's pending user fault, 0 when none (page 0 is never a uffd range). */
    private final long[] pages = new long[SLOTS];
    private final long[] times = new long[SLOTS];
    private final Histogram waits = new Histogram(3);
    private long unmatched;

    void userFault(long addr, long monoNanos) {
        long page = addr & PAGE_MASK;
        int i = slot(page);
        pages[i] = page;
        times[i] = monoNanos;
    }

    void read(long addr, long monoNanos) {
        long page = addr & PAGE_MASK;
        int i = slot(page);
        if (pages[i] != page || times[i] > monoNanos) {
            unmatched++;
            return;
        }
        pages[i] = 0;
        waits.recordValue(monoNanos - times[i]);
    }

    /** Consecutive pages get consecutive slots; the high bits fold in so distant ranges spread too. */
    static int slot(long page) {
        long n = page >>> 12;
        return (int) (n ^ (n >>> 16) ^ (n >>> 32)) & (SLOTS - 1);
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
