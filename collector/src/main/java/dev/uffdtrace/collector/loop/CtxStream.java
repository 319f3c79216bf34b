package dev.uffdtrace.collector.loop;

import dev.uffdtrace.analyzer.trace.Envelope;
import dev.uffdtrace.analyzer.trace.LossEvent;
import dev.uffdtrace.analyzer.trace.TraceEvent;
import dev.uffdtrace.collector.publish.EventOutbox;
import java.util.function.Function;

/**
 * The event stream of one ctx. Numbers events as the outbox takes them, so a dropped event
 * leaves no hole: it is counted, and the next time the outbox has room a {@code loss} event
 * (dropped count, reason) goes out first. One thread at a time emits on a stream.
 */
public final class CtxStream {
    static final String LOSS_REASON = "publish queue full";

    private final String ctx;
    private final EventOutbox outbox;
    private long nextSeq;
    private long dropped;
    private long emitted;

    public CtxStream(String ctx, EventOutbox outbox) {
        this.ctx = ctx;
        this.outbox = outbox;
    }

    public String ctx() {
        return ctx;
    }

    EventOutbox outbox() {
        return outbox;
    }

    /** Emits the event {@code build} makes for the envelope of {@code monoNanos}; false if it was dropped. */
    public boolean emit(long monoNanos, Function<Envelope, TraceEvent> build) {
        long timeMicros = WallClock.micros();
        if (dropped > 0 && !outbox.offer(new LossEvent(new Envelope(ctx, nextSeq, monoNanos, timeMicros), dropped,
                LOSS_REASON))) {
            dropped++;
            return false;
        }
        if (dropped > 0) {
            nextSeq++;
            emitted++;
            dropped = 0;
        }
        TraceEvent e = build.apply(new Envelope(ctx, nextSeq, monoNanos, timeMicros));
        if (outbox.offer(e)) {
            nextSeq++;
            emitted++;
            return true;
        }
        dropped++;
        return false;
    }

    /** Emits, waiting for room if needed (end of stream: a pending loss first, then the event). */
    public void emitWaiting(long monoNanos, Function<Envelope, TraceEvent> build) throws InterruptedException {
        long timeMicros = WallClock.micros();
        if (dropped > 0) {
            outbox.put(new LossEvent(new Envelope(ctx, nextSeq++, monoNanos, timeMicros), dropped, LOSS_REASON));
            emitted++;
            dropped = 0;
        }
        outbox.put(build.apply(new Envelope(ctx, nextSeq++, monoNanos, timeMicros)));
        emitted++;
    }

    /** Events dropped and not yet reported by a loss event. */
    public long pendingDrops() {
        return dropped;
    }

    public long emitted() {
        return emitted;
    }
}
