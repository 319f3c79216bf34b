package dev.uffdtrace.collector.publish;

import dev.uffdtrace.analyzer.trace.LossEvent;
import dev.uffdtrace.analyzer.trace.TraceEvent;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bounded queue in front of an {@link EventPublisher}, drained by one publishing thread so the
 * fault loop never waits for I/O. The loop {@link #offer}s (never blocks; false when full) and
 * reports its own drops as {@code loss} events. Events leave in the order they were taken, so
 * each ctx's {@code seq} order is kept.
 */
public final class QueueOutbox implements EventOutbox {
    private static final Logger LOG = LoggerFactory.getLogger(QueueOutbox.class);
    private static final int DRAIN_BATCH = 1024;
    // 1 ms rather than 200 µs: each wake-up is a context switch on a CPU the fault loop or the
    // faulting thread may want; with the collector pinned to one CPU, 200 µs gave a p99 service time
    // of 32 µs with telemetry off and 1 ms gives 12 µs (BENCHMARKS-collector.md). The queue holds
    // far more than 1 ms of events, and Kafka batches for 10 ms anyway.
    private static final long IDLE_PARK_NANOS = 1_000_000;

    private final ArrayBlockingQueue<TraceEvent> queue;
    private final EventPublisher publisher;
    private final Thread thread;
    private final AtomicReference<IOException> failure = new AtomicReference<>();
    private volatile boolean closing;
    // written by the publishing thread only, read after close() has joined it
    private long published;
    private long reportedDrops;

    public QueueOutbox(EventPublisher publisher, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity: must be >= 1, was " + capacity);
        }
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.publisher = publisher;
        this.thread = new Thread(this::drain, "uffdtrace-publisher");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    @Override
    public boolean offer(TraceEvent event) {
        return failure.get() == null && queue.offer(event);
    }

    @Override
    public void put(TraceEvent event) throws InterruptedException {
        while (failure.get() == null && !queue.offer(event, 100, TimeUnit.MILLISECONDS)) {
            // the publisher is behind: wait for room (this is only used at the end of a stream)
        }
    }

    private void drain() {
        List<TraceEvent> batch = new ArrayList<>(DRAIN_BATCH);
        try {
            while (!closing || !queue.isEmpty()) {
                if (queue.drainTo(batch, DRAIN_BATCH) == 0) {
                    // Sleep instead of waiting on the queue: a waiting consumer makes every offer
                    // a futex wake-up of another CPU, which the fault loop would pay for per event.
                    LockSupport.parkNanos(IDLE_PARK_NANOS);
                    continue;
                }
                for (TraceEvent e : batch) {
                    publisher.publish(e);
                    published++;
                    if (e instanceof LossEvent loss) {
                        reportedDrops += loss.dropped();
                    }
                }
                batch.clear();
            }
        } catch (IOException e) {
            LOG.error("publishing failed; later events of every ctx are dropped", e);
            failure.set(e);
        } catch (RuntimeException e) {
            LOG.error("the publisher failed; later events of every ctx are dropped", e);
            failure.set(new IOException("publisher failed: " + e, e));
        }
    }

    /** Events handed to the publisher, loss events included; final once {@link #close()} returned. */
    public long published() {
        return published;
    }

    /**
     * Events the streams dropped because the queue was full, as their loss events report them;
     * final once {@link #close()} returned (every stream reports its drops before its close).
     */
    public long reportedDrops() {
        return reportedDrops;
    }

    @Override
    public void close() throws IOException {
        closing = true;
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while draining the publishing queue", e);
        }
        try {
            IOException f = failure.get();
            if (f != null) {
                throw f;
            }
            publisher.flush();
        } finally {
            publisher.close();
        }
    }
}
