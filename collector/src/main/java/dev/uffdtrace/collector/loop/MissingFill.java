package dev.uffdtrace.collector.loop;

/** How the loop fills a missing page: with zeros (UFFDIO_ZEROPAGE) or a copy (UFFDIO_COPY from a page source). */
public enum MissingFill {
    ZEROPAGE,
    COPY
}
