package dev.uffdtrace.collector.publish;

import dev.uffdtrace.analyzer.trace.TraceEvent;
import java.util.concurrent.atomic.AtomicLong;

/** Telemetry off: publishes nothing, but counts what it was given (so a run can still report it). */
public final class NullPublisher implements EventPublisher {
    private final AtomicLong published = new AtomicLong();

    @Override
    public void publish(TraceEvent event) {
        published.incrementAndGet();
    }

    public long published() {
        return published.get();
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
}
