package dev.uffdtrace.analyzer.trace;

import java.util.List;

/** One UFFD_EVENT_PAGEFAULT message read from the uffd; {@code tid} is null without THREAD_ID. */
public record FaultEvent(Envelope envelope, long addr, List<String> flags, Long tid) implements TraceEvent {
    public static final String FLAG_WRITE = "WRITE";
    public static final String FLAG_WP = "WP";
    public static final String FLAG_MINOR = "MINOR";

    public FaultEvent {
        Checks.nonNegative(addr, "addr");
        flags = Checks.names(flags, "flags");
    }

    @Override
    public String type() {
        return "fault";
    }

    /** The fault kind of TRACE-FORMAT: minor, wp, missing-write or missing-read. */
    public FaultKind kind() {
        return FaultKind.of(flags);
    }

    @Override
    public FaultEvent withEnvelope(Envelope e) {
        return new FaultEvent(e, addr, flags, tid);
    }
}
