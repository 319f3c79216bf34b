package dev.uffdtrace.collector.firecracker;

import dev.uffdtrace.collector.linux.ApiAnswer;
import dev.uffdtrace.collector.linux.NativeException;
import dev.uffdtrace.collector.linux.Uffd;
import dev.uffdtrace.collector.loop.CtxStream;
import dev.uffdtrace.collector.loop.HostIdentity;
import dev.uffdtrace.collector.loop.ServiceTimes;
import dev.uffdtrace.collector.publish.EventOutbox;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The page-fault handler of Firecracker's {@code Uffd} memory backend: listens on a Unix socket,
 * takes any number of VMM connections, and serves each handed-over uffd on its own thread (its
 * own ctx) from one shared read-only mapping of the snapshot memory file.
 *
 * <pre>{@code
 * try (FirecrackerHandler h = FirecrackerHandler.start(socket, memFile, outbox, HostIdentity.current())) {
 *     ... until shutdown
 * }   // stops accepting, ends every connection (close events), removes the socket file
 * }</pre>
 * A refused handoff is one log line and a closed connection; it never stops the handler.
 */
public final class FirecrackerHandler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FirecrackerHandler.class);
    static final int HANDOFF_TIMEOUT_MILLIS = 5_000;
    private static final int ACCEPT_POLL_MILLIS = 100;
    private static final long JOIN_MILLIS = 5_000;

    private final Path socketPath;
    private final UnixSocket listener;
    private final SnapshotFile snapshot;
    private final EventOutbox outbox;
    private final HostIdentity host;
    private final ApiAnswer kernel;
    private final Thread acceptor;
    private final List<Connection> connections = new ArrayList<>();
    private final AtomicLong refused = new AtomicLong();
    private volatile boolean stopping;

    /** One accepted VMM: its thread, and its server once the handoff was accepted. */
    private static final class Connection {
        final Thread thread;
        volatile PageServer server;

        Connection(Thread thread) {
            this.thread = thread;
        }
    }

    private FirecrackerHandler(Path socketPath, UnixSocket listener, SnapshotFile snapshot, EventOutbox outbox,
                               HostIdentity host, ApiAnswer kernel) {
        this.socketPath = socketPath;
        this.listener = listener;
        this.snapshot = snapshot;
        this.outbox = outbox;
        this.host = host;
        this.kernel = kernel;
        this.acceptor = new Thread(this::acceptLoop, "fc-handler-accept");
        this.acceptor.setDaemon(true);
    }

    /** Maps {@code memFile}, listens on {@code socket} (mode 0600) and starts accepting. */
    public static FirecrackerHandler start(Path socket, Path memFile, EventOutbox outbox, HostIdentity host)
            throws IOException {
        ApiAnswer kernel = kernelAnswer();
        SnapshotFile snapshot = SnapshotFile.open(memFile);
        UnixSocket listener;
        try {
            listener = UnixSocket.listen(socket, 16);
        } catch (IOException | RuntimeException e) {
            snapshot.close();
            throw e;
        }
        FirecrackerHandler h = new FirecrackerHandler(socket, listener, snapshot, outbox, host, kernel);
        h.acceptor.start();
        LOG.info("serving {} ({} bytes) on {}", memFile, snapshot.size(), socket);
        return h;
    }

    /** This kernel's answer to UFFDIO_API (the same for every uffd): what a handed uffd's open reports. */
    private static ApiAnswer kernelAnswer() throws NativeException {
        try (Uffd probe = Uffd.viaSyscall()) {
            return probe.api(0);
        }
    }

    /** Accepts until stopped; a failed accept (EMFILE, ENOMEM...) is logged and retried after a pause. */
    private void acceptLoop() {
        while (!stopping) {
            try {
                UnixSocket c = listener.accept(ACCEPT_POLL_MILLIS).orElse(null);
                if (c != null) {
                    startConnection(c);
                }
            } catch (NativeException | RuntimeException e) {
                LOG.error("accepting on {} failed: {}; retrying", socketPath, e.getMessage());
                pause();
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(ACCEPT_POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized void startConnection(UnixSocket c) {
        Connection[] holder = new Connection[1];
        Thread t = new Thread(() -> serveLogged(c, holder[0]), "fc-handler-conn-" + connections.size());
        t.setDaemon(true);
        holder[0] = new Connection(t);
        connections.add(holder[0]);
        t.start();
    }

    /** A bug in serving one VMM ends that connection with a log line, never the handler. */
    private void serveLogged(UnixSocket c, Connection conn) {
        try {
            serve(c, conn);
        } catch (RuntimeException e) {
            LOG.error("serving a VMM connection failed", e);
            closeQuietly(c);
        }
    }

    private void serve(UnixSocket c, Connection conn) {
        PeerCredentials peer = null;
        HandoffReceiver.Accepted handoff;
        try {
            peer = c.peerCredentials();
            handoff = HandoffReceiver.receive(c, snapshot.size(), HANDOFF_TIMEOUT_MILLIS);
        } catch (HandoffException | NativeException e) {
            refused.incrementAndGet();
            LOG.warn("refused the handoff from pid {}: {}", peer == null ? "?" : peer.pid(), e.getMessage());
            closeQuietly(c);
            return;
        }
        ConnectionOutbox events = new ConnectionOutbox(outbox);
        HandoffSession session = HandoffSession.open(Uffd.adopt(handoff.uffdFd()), new CtxStream(host.newCtx(), events),
                host, peer, handoff.negotiatedFeatures(), kernel, handoff.regions());
        LOG.info("ctx {}: serving VMM pid {}, {} regions", session.ctx(), peer.pid(), handoff.regions().size());
        PageServer server = new PageServer(session, c, handoff.regions(), snapshot, events);
        conn.server = server;
        if (stopping) {
            server.stop();
        }
        server.run();
    }

    private static void closeQuietly(UnixSocket c) {
        try {
            c.close();
        } catch (NativeException e) {
            LOG.debug("closing a refused connection failed: {}", e.getMessage());
        }
    }

    /** Handoffs refused so far. */
    public long refused() {
        return refused.get();
    }

    /** VMM connections accepted so far (refused ones included). */
    public synchronized int connections() {
        return connections.size();
    }

    /** Accepted handoffs whose VMM has gone (or was stopped) and whose close is recorded. */
    public synchronized int finishedConnections() {
        int n = 0;
        for (Connection c : connections) {
            if (c.server != null && !c.thread.isAlive()) {
                n++;
            }
        }
        return n;
    }

    /** What every connection that has ended did, summed; a connection still serving is not counted. */
    public synchronized ServedCounts finishedCounts() {
        ServedCounts sum = ServedCounts.NONE;
        for (Connection c : connections) {
            PageServer s = c.server;
            if (s != null && !c.thread.isAlive()) {
                sum = sum.plus(s.counts());
            }
        }
        return sum;
    }

    /** Service times (message read to the return of the fill) of the connections that have ended. */
    public synchronized ServiceTimes finishedServiceTimes() {
        ServiceTimes all = new ServiceTimes();
        for (Connection c : connections) {
            PageServer s = c.server;
            if (s != null && !c.thread.isAlive()) {
                all.addAll(s.serviceTimes());
            }
        }
        return all;
    }

    /** Stops accepting, ends every connection (each records its close), unmaps and removes the socket. */
    @Override
    public void close() throws IOException {
        stopping = true;
        join(acceptor);
        List<Connection> all;
        synchronized (this) {
            all = List.copyOf(connections);
        }
        for (Connection c : all) {
            PageServer s = c.server;
            if (s != null) {
                s.stop();
            }
        }
        for (Connection c : all) {
            join(c.thread);
        }
        try {
            listener.close();
        } finally {
            Files.deleteIfExists(socketPath);
            snapshot.close();
        }
    }

    private static void join(Thread t) {
        try {
            t.join(JOIN_MILLIS);
            if (t.isAlive()) {
                LOG.warn("thread {} did not end within {} ms", t.getName(), JOIN_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
