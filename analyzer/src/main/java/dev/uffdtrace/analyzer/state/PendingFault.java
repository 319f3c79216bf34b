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
    private boolean stuckReported;
    /** The next fault waiting on the same page ({@link OutstandingFaults} chains them). */
    PendingFault next;

    public PendingFault(FaultEvent event, long page, long pageSize, String mem) {
        this.event = event;
        this.page = page;
        this.pageSize = pageSize;
        this.mem = mem;
        this.kind = event.kind();
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
