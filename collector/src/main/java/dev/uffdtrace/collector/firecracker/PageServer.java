package dev.uffdtrace.collector.firecracker;

import com.sun.jna.Memory;
import dev.uffdtrace.analyzer.trace.MemType;
import dev.uffdtrace.analyzer.trace.UffdMessageEvent;
import dev.uffdtrace.collector.linux.Errno;
import dev.uffdtrace.collector.linux.Layouts;
import dev.uffdtrace.collector.linux.Mapping;
import dev.uffdtrace.collector.linux.NativeException;
import dev.uffdtrace.collector.linux.RangeAnswer;
import dev.uffdtrace.collector.linux.Uapi;
import dev.uffdtrace.collector.linux.UffdMessage;
import dev.uffdtrace.collector.linux.UffdMessages;
import dev.uffdtrace.collector.loop.ServiceTimes;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the faults of one handed-over uffd from the snapshot file until the VMM goes away.
 *
 * <pre>
 *   poll(uffd, connection) ─► uffd readable: read ≤64 messages; record each fault; REMOVE marks its
 *                           │  range as zero-filled from now on; resolve every faulting page once:
 *                           │    removed ? ZEROPAGE : COPY from the snapshot mapping
 *                           │    ok / EEXIST (+WAKE) = served; EAGAIN = a REMOVE is queued: retry
 *                           │    after reading the queue
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
    private final List<GuestRegion> regions;
    private final SnapshotFile snapshot;
    private final Memory buffer = new Memory((long) BATCH * Layouts.UffdMsg.SIZE);
    private final ByteBuffer view = buffer.getByteBuffer(0, buffer.size());
    private final RemovedRanges removed = new RemovedRanges();
    private final ArrayDeque<Fault> deferred = new ArrayDeque<>();
    private final List<Fault> run = new ArrayList<>(BATCH);
    /** The calls of the current run, recorded after its faults once every page of the run is filled. */
    private final List<HandoffSession.Call> calls = new ArrayList<>(BATCH);
    private final ServiceTimes serviceTimes = new ServiceTimes();
    private final Poller poller;
    private Mapping zeroSource;
    private volatile boolean stopping;
    private long faults;
    private long served;
    private long copies;
    private long zeropages;
    private long retries;
    private long failed;
    private long removes;

    private record Fault(UffdMessage.PageFault message, long readNanos) {
        long address() {
            return message.address();
        }
    }

    PageServer(HandoffSession session, UnixSocket connection, List<GuestRegion> regions, SnapshotFile snapshot) {
        this.session = session;
        this.connection = connection;
        this.regions = regions;
        this.snapshot = snapshot;
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
            poller.poll(deferred.isEmpty() ? POLL_MILLIS : RETRY_POLL_MILLIS);
            int uffdEvents = poller.revents(0);
            if ((uffdEvents & SocketLayouts.POLLIN) != 0) {
                serveBatch();
            }
            retryDeferred();
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
        retryDeferred();
    }

    private void serveBatch() throws NativeException {
        int bytes = session.uffd().read(buffer, (int) buffer.size());
        long readNanos = System.nanoTime();
        for (int i = 0; i < UffdMessages.count(bytes); i++) {
            UffdMessage m = UffdMessages.decode(view, i * Layouts.UffdMsg.SIZE);
            if (m instanceof UffdMessage.PageFault pf) {
                faults++;
                run.add(new Fault(pf, readNanos));
            } else {
                resolveRun();
                apply(m, readNanos);
            }
        }
        resolveRun();
    }

    private void apply(UffdMessage m, long nanos) {
        if (m instanceof UffdMessage.Remove r) {
            removes++;
            removed.add(r.start(), r.end());
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

    /**
     * Resolves each page of the run once (the wake of one fill releases every fault on that page),
     * then records the run: its faults, then its calls. Recording last keeps the publishing queue
     * out of the faulting threads' wait; the events carry the times taken when things happened.
     */
    private void resolveRun() {
        List<Long> servedPages = new ArrayList<>(run.size());
        for (Fault f : run) {
            GuestRegion r = regionOf(f.address());
            if (r == null) {
                failed++;
                LOG.warn("ctx {}: fault at 0x{} is in no handed-over region; not served", session.ctx(),
                        Long.toHexString(f.address()));
                continue;
            }
            long page = f.address() & -r.pageSize();
            if (servedPages.contains(page)) {
                served++;
            } else if (resolve(f, r, page)) {
                servedPages.add(page);
            }
        }
        for (Fault f : run) {
            session.fault(f.readNanos(), f.message());
        }
        run.clear();
        recordCalls();
    }

    private void recordCalls() {
        for (HandoffSession.Call c : calls) {
            session.record(c);
        }
        calls.clear();
    }

    private void retryDeferred() {
        for (int n = deferred.size(); n > 0; n--) {
            Fault f = deferred.poll();
            GuestRegion r = regionOf(f.address());
            retries++;
            resolve(f, r, f.address() & -r.pageSize());
        }
        recordCalls();
    }

    /** One fill of {@code page}; true when the fault is served, false when failed or deferred. */
    private boolean resolve(Fault f, GuestRegion r, long page) {
        boolean zero = removed.touches(page, r.pageSize());
        HandoffSession.Call call = zero ? zeroFill(r, page)
                : session.copy(page, snapshot.address(r.offset() + (page - r.baseHostVirtAddr())), r.pageSize());
        calls.add(call);
        RangeAnswer a = call.answer();
        if (a.ok()) {
            if (zero && r.mem() == MemType.ANON) {
                zeropages++;
            } else {
                copies++;
            }
        } else if (a.errno() == Errno.EEXIST) {
            calls.add(session.wake(page, r.pageSize()));
        } else if (a.errno() == Errno.EAGAIN) {
            deferred.add(f);
            return false;
        } else {
            failed++;
            LOG.warn("ctx {}: {} of the page at 0x{} failed: {}", session.ctx(), call.op(), Long.toHexString(page),
                    a.result());
            return false;
        }
        served++;
        serviceTimes.add(call.doneNanos() - f.readNanos());
        return true;
    }

    /** Zeros for a removed page: ZEROPAGE, or on hugetlb (no ZEROPAGE there) a COPY from untouched memory. */
    private HandoffSession.Call zeroFill(GuestRegion r, long page) {
        if (r.mem() == MemType.ANON) {
            return session.zeropage(page, r.pageSize());
        }
        if (zeroSource == null || zeroSource.length() < r.pageSize()) {
            closeZeroSource();
            try {
                zeroSource = Mapping.map(r.pageSize(), Uapi.PROT_READ,
                        Uapi.MAP_PRIVATE | Uapi.MAP_ANONYMOUS | Uapi.MAP_NORESERVE, -1, 0);
            } catch (NativeException e) {
                throw new IllegalStateException("cannot map a zero source of " + r.pageSize() + " bytes: "
                        + e.getMessage(), e);
            }
        }
        return session.copy(page, zeroSource.address(), r.pageSize());
    }

    private GuestRegion regionOf(long addr) {
        for (GuestRegion r : regions) {
            if (addr >= r.baseHostVirtAddr() && addr < r.end()) {
                return r;
            }
        }
        return null;
    }

    private void finish(String why) {
        if (!deferred.isEmpty()) {
            failed += deferred.size();
            deferred.clear();
        }
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
        if (zeroSource != null) {
            try {
                zeroSource.close();
            } catch (NativeException e) {
                LOG.warn("ctx {}: unmapping the zero source failed: {}", session.ctx(), e.getMessage());
            }
            zeroSource = null;
        }
    }

    /** The counts so far; read them from another thread only after this one ended. */
    ServedCounts counts() {
        return new ServedCounts(faults, served, copies, zeropages, retries, failed, removes);
    }

    ServiceTimes serviceTimes() {
        return serviceTimes;
    }
}
