package dev.uffdtrace.collector.publish;

import dev.uffdtrace.analyzer.trace.TraceEvent;

/**
 * Where the fault loop hands its events. {@link #offer} never blocks: it answers false when the
 * event cannot be taken now, and the caller counts the drop. {@link #put} may block; it is for
 * the few events that end a stream (loss, close), off the hot path.
 */
public interface EventOutbox extends AutoCloseable {
    boolean offer(TraceEvent event);

    void put(TraceEvent event) throws InterruptedException;

    /** Publishes everything taken so far and closes the publisher behind it. */
    @Override
    void close() throws java.io.IOException;
}
