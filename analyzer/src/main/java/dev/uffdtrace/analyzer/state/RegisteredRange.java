package dev.uffdtrace.analyzer.state;

import dev.uffdtrace.analyzer.trace.MemType;
import java.util.Set;

/** One piece of a ctx's registrations: {@code [start, end)} with the attributes of its register. */
public record RegisteredRange(long start, long end, MemType mem, long pageSize, Set<String> modes) {
    public RegisteredRange {
        if (end <= start) {
            throw new IllegalArgumentException("end: must be > start, was [" + start + ", " + end + ")");
        }
        modes = Set.copyOf(modes);
    }

    public RegisteredRange slice(long from, long to) {
        return new RegisteredRange(Math.max(start, from), Math.min(end, to), mem, pageSize, modes);
    }

    public RegisteredRange shifted(long delta) {
        return new RegisteredRange(start + delta, end + delta, mem, pageSize, modes);
    }
}
