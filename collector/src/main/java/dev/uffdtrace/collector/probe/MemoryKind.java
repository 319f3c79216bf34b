package dev.uffdtrace.collector.probe;

import dev.uffdtrace.analyzer.trace.MemType;

/**
 * One memory type the probe maps.
 *
 * @param label     a name for the trace's {@code region} labels and the summary
 * @param mem       the trace's memory type
 * @param pageSize  4 KiB, or 2 MiB for hugetlb
 * @param touchable user access works (false for guest_memfd without INIT_SHARED: it SIGBUSes)
 * @param factory   maps a fresh area of a number of pages
 */
record MemoryKind(String label, MemType mem, long pageSize, boolean touchable, Factory factory) {
    @FunctionalInterface
    interface Factory {
        ProbeArea map(int pages) throws Exception;
    }
}
