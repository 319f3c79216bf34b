package dev.uffdtrace.collector.loop;

import dev.uffdtrace.analyzer.trace.MemType;

/**
 * How a fault is resolved, by its kind: MINOR by CONTINUE, WP by un-protecting the page
 * (WRITEPROTECT without the WP bit), MISSING by {@code missingFill}. hugetlb has no ZEROPAGE, so a
 * missing hugetlb page is always copied.
 *
 * @param source where COPY reads from; required when a COPY can happen
 */
public record ResolvePolicy(MissingFill missingFill, PageSource source) {
    public ResolvePolicy {
        if (missingFill == null) {
            throw new IllegalArgumentException("missingFill: required");
        }
    }

    public static ResolvePolicy zeropage() {
        return new ResolvePolicy(MissingFill.ZEROPAGE, null);
    }

    public static ResolvePolicy copyFrom(PageSource source) {
        if (source == null) {
            throw new IllegalArgumentException("source: required for COPY");
        }
        return new ResolvePolicy(MissingFill.COPY, source);
    }

    MissingFill fillFor(MemType mem) {
        boolean hugetlb = mem.backing() == MemType.HUGETLB;
        return hugetlb && source != null ? MissingFill.COPY : missingFill;
    }
}
