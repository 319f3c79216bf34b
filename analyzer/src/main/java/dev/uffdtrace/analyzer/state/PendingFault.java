package dev.uffdtrace.analyzer.state;

import dev.uffdtrace.analyzer.trace.FaultEvent;
import dev.uffdtrace.analyzer.trace.FaultKind;

/**
 * A fault waiting to be woken: its event (the evidence of a finding), the page it waits on,
 * and the memory type of the registration that held it when it happened.
 */
public final class PendingFault {
    private final FaultEvent event;
    private final long page;
    private final long pageSize;
    private final String mem;
    /** Derived from the flags once: every wake and stuck check asks for it. */
    private final FaultKind kind;
    /**
     * The fault's clocks, copied from its envelope: every wake reads them, and the event and its
     * envelope are otherwise cold by then (two pointer hops, usually two cache misses).
     */
    private final long monoNanos;
    private final long timeMicros;
    private boolean stuckReported;
    /** The next fault waiting on the same page ({@link OutstandingFaults} chains them). */
    PendingFault next;

    public PendingFault(FaultEvent event, long page, long pageSize, String mem) {
        this.event = event;
        this.page = page;
        this.pageSize = pageSize;
        this.mem = mem;
        this.kind = event.kind();
        this.monoNanos = event.monoNanos();
        this.timeMicros = event.timeMicros();
    }

    /** The fault's {@code mono_ns}, as {@code event().monoNanos()}. */
    public long monoNanos() {
        return monoNanos;
    }

    /** The fault's {@code time_us}, as {@code event().timeMicros()}. */
    public long timeMicros() {
        return timeMicros;
    }

    public FaultEvent event() {
        return event;
    }

    public long page() {
        return page;
    }

    public long pageEnd() {
        return page + pageSize;
    }

    public long pageSize() {
        return pageSize;
    }

    public String mem() {
        return mem;
    }

    public FaultKind kind() {
        return kind;
    }

    public boolean stuckReported() {
        return stuckReported;
    }

    public void markStuckReported() {
        stuckReported = true;
    }
}
