package dev.uffdtrace.collector.firecracker;

import dev.uffdtrace.analyzer.trace.TraceEvent;
import dev.uffdtrace.collector.publish.EventOutbox;
import java.util.ArrayDeque;

/**
 * One connection's events on their way to the handler's shared outbox, handed over in bunches:
 * the shared queue wakes its publishing thread on an offer into an empty queue, and once per
 * fault that wake-up (a futex call and a thread competing for the two CPUs) cost more than the
 * fault. Events wait here until {@value #FLUSH_AT} have gathered or the connection goes idle.
 *
 * <p>Nothing is lost silently: {@link #offer} takes an event only while this buffer has room
 * (the stream counts a refusal as a drop and reports it as a {@code loss} event); taken events
 * always reach the shared outbox, in order. One thread (the connection's) uses it.
 */
final class ConnectionOutbox implements EventOutbox {
    static final int FLUSH_AT = 256;
    static final int CAPACITY = 16 * 1024;

    private final EventOutbox shared;
    private final ArrayDeque<TraceEvent> pending = new ArrayDeque<>(FLUSH_AT * 2);

    ConnectionOutbox(EventOutbox shared) {
        this.shared = shared;
    }

    @Override
    public boolean offer(TraceEvent event) {
        if (pending.size() >= CAPACITY) {
            flush();
            if (pending.size() >= CAPACITY) {
                return false;
            }
        }
        pending.add(event);
        if (pending.size() >= FLUSH_AT) {
            flush();
        }
        return true;
    }

    /** Hands over what the shared outbox takes now, oldest first; the rest waits for the next flush. */
    void flush() {
        while (!pending.isEmpty() && shared.offer(pending.peek())) {
            pending.poll();
        }
    }

    /** End of the stream: everything pending, then {@code event}, waiting for room as needed. */
    @Override
    public void put(TraceEvent event) throws InterruptedException {
        drain();
        shared.put(event);
    }

    private void drain() throws InterruptedException {
        while (!pending.isEmpty()) {
            shared.put(pending.poll());
        }
    }

    /** Hands over everything pending; the shared outbox behind stays open (other connections use it). */
    @Override
    public void close() {
        try {
            drain();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
