package dev.uffdtrace.collector.publish;

import dev.uffdtrace.analyzer.trace.TraceEvent;
import java.io.IOException;

/**
 * A destination for trace events, fed by the collector's publishing thread (never by the fault
 * loop itself). Events of one ctx arrive in {@code seq} order and must leave in that order.
 */
public interface EventPublisher extends AutoCloseable {
    void publish(TraceEvent event) throws IOException;

    /** Pushes buffered events out; returns when they are durable where the destination allows. */
    void flush() throws IOException;

    @Override
    void close() throws IOException;
}
