package dev.uffdtrace.collector.firecracker;

import com.sun.jna.Memory;
import dev.uffdtrace.analyzer.trace.UffdMessageEvent;
import dev.uffdtrace.collector.linux.Layouts;
import dev.uffdtrace.collector.linux.NativeException;
import dev.uffdtrace.collector.linux.UffdMessage;
import dev.uffdtrace.collector.linux.UffdMessages;
import dev.uffdtrace.collector.loop.ServiceTimes;
import java.nio.ByteBuffer;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the faults of one handed-over uffd from the snapshot file until the VMM goes away.
 *
 * <pre>
 *   poll(uffd, connection) ─► uffd readable: read ≤64 messages; faults go to the {@link FaultResolver}
 *                           │  (each page filled once by the {@link PageFiller}; ok / EEXIST+WAKE =
 *                           │  served; EAGAIN = a REMOVE is queued: retried after reading the queue);
 *                           │  REMOVE marks its range as zero-filled from now on
 *                           └► connection hung up (the VMM exited) or stop: drain, close, record close
 * </pre>
 * The VMM's own end of the socket is the liveness signal: our reference keeps the uffd open
 * after the VMM is gone, so the uffd alone never reports a hang-up.
 */
final class PageServer implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(PageServer.class);
    static final int BATCH = 64;
    private static final int POLL_MILLIS = 50;
    private static final int RETRY_POLL_MILLIS = 1;
    private static final int CONN_GONE = SocketLayouts.POLLHUP | SocketLayouts.POLLRDHUP | SocketLayouts.POLLERR;

    private final HandoffSession session;
    private final UnixSocket connection;
    private final ConnectionOutbox events;
    private final Memory buffer = new Memory((long) BATCH * Layouts.UffdMsg.SIZE);
    private final ByteBuffer view = buffer.getByteBuffer(0, buffer.size());
    private final PageFiller filler;
    private final FaultResolver resolver;
    private final Poller poller;
    private volatile boolean stopping;
    private long removes;

    PageServer(HandoffSession session, UnixSocket connection, List<GuestRegion> regions, SnapshotFile snapshot,
               ConnectionOutbox events) {
        this.session = session;
        this.events = events;
        this.connection = connection;
        this.filler = new PageFiller(session, snapshot);
        this.resolver = new FaultResolver(session, regions, filler);
        this.poller = new Poller(session.uffd().fd(), SocketLayouts.POLLIN,
                connection.fd(), SocketLayouts.POLLIN | SocketLayouts.POLLRDHUP);
    }

    void stop() {
        stopping = true;
    }

    @Override
    public void run() {
        String why = "stopped";
        try {
            why = serve();
            drain();
        } catch (NativeException | RuntimeException e) {
            why = "failed: " + e.getMessage();
            LOG.error("ctx {}: serving stopped", session.ctx(), e);
        } finally {
            finish(why);
        }
    }

    /** Serves until the VMM hangs up or {@link #stop()}; says which. */
    private String serve() throws NativeException {
        while (!stopping) {
            if (poller.poll(!resolver.hasDeferred() ? POLL_MILLIS : RETRY_POLL_MILLIS) == 0) {
                events.flush(); // idle: publish what gathered
            }
            int uffdEvents = poller.revents(0);
            if ((uffdEvents & SocketLayouts.POLLIN) != 0) {
                serveBatch();
            }
            resolver.retryDeferred();
            if ((uffdEvents & (SocketLayouts.POLLERR | SocketLayouts.POLLHUP)) != 0) {
                return "uffd hung up";
            }
            int connEvents = poller.revents(1);
            if ((connEvents & CONN_GONE) != 0 || ((connEvents & SocketLayouts.POLLIN) != 0 && !stillConnected())) {
                return "VMM disconnected";
            }
        }
        return "handler stopping";
    }

    /** Reads what the VMM sent after the handoff (the protocol has nothing): false at end of stream. */
    private boolean stillConnected() throws NativeException {
        Memory scratch = new Memory(512);
        Received r = connection.receive(scratch, 0, (int) scratch.size(), 0).orElse(null);
        if (r == null) {
            return true;
        }
        r.fds().forEach(UnixSocket::closeFd);
        if (r.bytes() > 0) {
            LOG.warn("ctx {}: VMM sent {} unexpected bytes after the handoff; ignored", session.ctx(), r.bytes());
        }
        return r.bytes() > 0;
    }

    /** Serves what is already queued, so no fault read before the end goes unrecorded. */
    private void drain() throws NativeException {
        for (int i = 0; i < 1000 && (poller.poll(0) > 0 && (poller.revents(0) & SocketLayouts.POLLIN) != 0); i++) {
            serveBatch();
        }
        resolver.retryDeferred();
    }

    private void serveBatch() throws NativeException {
        int bytes = session.uffd().read(buffer, (int) buffer.size());
        long readNanos = System.nanoTime();
        for (int i = 0; i < UffdMessages.count(bytes); i++) {
            UffdMessage m = UffdMessages.decode(view, i * Layouts.UffdMsg.SIZE);
            if (m instanceof UffdMessage.PageFault pf) {
                resolver.add(pf, readNanos);
            } else {
                resolver.resolveRun();
                apply(m, readNanos);
            }
        }
        resolver.resolveRun();
    }

    private void apply(UffdMessage m, long nanos) {
        if (m instanceof UffdMessage.Remove r) {
            removes++;
            filler.removed(r.start(), r.end());
            session.removed(nanos, UffdMessageEvent.REMOVE, r.start(), r.end());
        } else if (m instanceof UffdMessage.Unmap u) {
            session.removed(nanos, UffdMessageEvent.UNMAP, u.start(), u.end());
        } else if (m instanceof UffdMessage.Remap r) {
            session.remapped(nanos, r.from(), r.to(), r.len());
            LOG.warn("ctx {}: guest memory was moved by mremap; faults there are not served", session.ctx());
        } else if (m instanceof UffdMessage.Fork f) {
            UnixSocket.closeFd(f.ufd());
            LOG.warn("ctx {}: the VMM forked with EVENT_FORK; the child's uffd is not served", session.ctx());
        } else {
            LOG.warn("ctx {}: unknown uffd message {}; ignored", session.ctx(), m);
        }
    }

    private void finish(String why) {
        resolver.abandonDeferred();
        try {
            session.close();
        } catch (NativeException e) {
            LOG.warn("ctx {}: closing the uffd failed: {}", session.ctx(), e.getMessage());
        }
        closeZeroSource();
        try {
            connection.close();
        } catch (NativeException e) {
            LOG.warn("ctx {}: closing the connection failed: {}", session.ctx(), e.getMessage());
        }
        LOG.info("ctx {}: {}; {}", session.ctx(), why, counts());
    }

    private void closeZeroSource() {
        try {
            filler.close();
        } catch (NativeException e) {
            LOG.warn("ctx {}: unmapping the zero source failed: {}", session.ctx(), e.getMessage());
        }
    }

    /** The counts so far; read them from another thread only after this one ended. */
    ServedCounts counts() {
        return resolver.counts(removes);
    }

    ServiceTimes serviceTimes() {
        return resolver.serviceTimes();
    }
}
