package dev.uffdtrace.collector.publish;

import dev.uffdtrace.analyzer.trace.TraceEvent;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Publishes on the caller's thread and never drops: for the probe, whose calls are not timed
 * against a faulting thread and whose trace must be complete.
 */
public final class DirectOutbox implements EventOutbox {
    private final EventPublisher publisher;

    public DirectOutbox(EventPublisher publisher) {
        this.publisher = publisher;
    }

    @Override
    public boolean offer(TraceEvent event) {
        try {
            publisher.publish(event);
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void put(TraceEvent event) {
        offer(event);
    }

    @Override
    public void close() throws IOException {
        try {
            publisher.flush();
        } finally {
            publisher.close();
        }
    }
}
