package dev.uffdtrace.collector.loop;

/** Where UFFDIO_COPY takes a page's contents from: the address of the source for the page at {@code offset} of its region. */
@FunctionalInterface
public interface PageSource {
    long sourceAddress(long offsetInRegion, long pageSize);
}
