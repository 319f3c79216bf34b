package dev.uffdtrace.collector.observe;

import dev.uffdtrace.analyzer.trace.Envelope;
import dev.uffdtrace.analyzer.trace.LossEvent;
import dev.uffdtrace.analyzer.trace.TraceEvent;
import dev.uffdtrace.collector.loop.CtxStream;
import dev.uffdtrace.collector.loop.RegionTable;
import dev.uffdtrace.collector.publish.EventOutbox;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Function;

/**
 * One uffd as user space follows it: the kernel's ctx id, the process that made it, the fds
 * that hold it (a handed-off uffd has holders in two processes), what UFFDIO_API asked and
 * answered, and its registrations (copied into a fork child's stream).
 *
 * <pre>
 *   unpublished (events held, up to HELD_MAX) ──publish()──► published (events go to the stream)
 * </pre>
 * A uffd made by a process that is not the observed one is held until it reaches the observed
 * process (handoff); then its held events go out first, so its stream still starts at seq 0.
 */
final class ObservedCtx {
    static final int HELD_MAX = 1 << 16;

    private record Held(long monoNanos, Function<Envelope, TraceEvent> build) {
    }

    final long id;
    final String ctx;
    final int ownerPid;
    final RegionTable regions = new RegionTable();
    final Set<Long> holders = new HashSet<>();
    /** The kernel's struct file of the uffd (the key of the BPF files map), 0 when not known. */
    long file;
    String via;
    String parent;
    Long requested;
    long apiFeatures;
    long apiIoctls;
    boolean openSent;
    boolean closed;
    private CtxStream stream;
    private final Deque<Held> held = new ArrayDeque<>();
    private long heldDropped;

    ObservedCtx(long id, String ctx, int ownerPid, String via) {
        this.id = id;
        this.ctx = ctx;
        this.ownerPid = ownerPid;
        this.via = via;
    }

    boolean published() {
        return stream != null;
    }

    /** Starts the stream and sends what was held, oldest first (a loss first if some were dropped). */
    void publish(EventOutbox outbox) {
        if (stream != null) {
            return;
        }
        stream = new CtxStream(ctx, outbox);
        long last = 0;
        for (Held h : held) {
            stream.emit(h.monoNanos(), h.build());
            last = h.monoNanos();
        }
        held.clear();
        if (heldDropped > 0) {
            long n = heldDropped;
            stream.emit(last, env -> new LossEvent(env, n, "held events of a uffd not yet in the observed process"));
            heldDropped = 0;
        }
    }

    /** Emits now when published, else holds the event (dropping it, counted, past HELD_MAX). */
    void emit(long monoNanos, Function<Envelope, TraceEvent> build) {
        if (stream != null) {
            stream.emit(monoNanos, build);
        } else if (held.size() < HELD_MAX) {
            held.add(new Held(monoNanos, build));
        } else {
            heldDropped++;
        }
    }

    /** Emits a stream-ending event, waiting for room in the outbox when published. */
    void emitLast(long monoNanos, Function<Envelope, TraceEvent> build) throws InterruptedException {
        if (stream != null) {
            stream.emitWaiting(monoNanos, build);
        } else {
            emit(monoNanos, build);
        }
    }

    long heldDropped() {
        return heldDropped;
    }

    static long holder(int tgid, int fd) {
        return ((long) tgid << 32) | (fd & 0xffffffffL);
    }
}
