package dev.uffdtrace.collector.observe;

import dev.uffdtrace.analyzer.trace.CloseEvent;
import dev.uffdtrace.analyzer.trace.LossEvent;
import dev.uffdtrace.analyzer.trace.OpenEvent;
import dev.uffdtrace.analyzer.trace.RegisterEvent;
import dev.uffdtrace.collector.linux.BitNames;
import dev.uffdtrace.collector.linux.Errno;
import dev.uffdtrace.collector.linux.IoctlNumbers;
import dev.uffdtrace.collector.loop.HostIdentity;
import dev.uffdtrace.collector.loop.Region;
import dev.uffdtrace.collector.publish.EventOutbox;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns ring-buffer records into trace format v1 events, one handler per record kind. Pure
 * apart from {@link ProcView} (smaps for a registration's memory type, fdinfo for an adopted
 * uffd's features), so it is tested from byte literals.
 *
 * <pre>
 *   CREATE ─► ctx (owner, via) ── IOCTL API ─► open ── IOCTL REGISTER ─► register (+ smaps) ...
 *   HANDOFF ─► same ctx, one more holder; ADOPT ─► ctx first seen in use: open via handoff
 *   MSG ─► fault / event;  FORKED ─► child ctx: open via fork + inherited registers
 *   CLOSE (last holder), EXIT (every holder of the process) ─► close
 * </pre>
 * Every event's {@code mono_ns} is the kernel's CLOCK_MONOTONIC of the record: a fault's is when
 * the handler's read returned (as in the collector's own traces, so latencies are the handler's
 * service time); the faulting thread's earlier user-mode fault time feeds {@link FaultWaits}.
 */
final class TraceMapper {
    private static final Logger LOG = LoggerFactory.getLogger(TraceMapper.class);
    static final String LOSS_REASON = "BPF ring buffer full";
    /** UFFDIO_API's ioctls answer: REGISTER | UNREGISTER | API (SEMANTICS (b)). */
    static final long API_IOCTLS = 0x8000000000000003L;

    interface Handler {
        void handle(ObsRecord r) throws InterruptedException;
    }

    /** Told when a ctx starts being published (the kernel then sends its faults and range ioctls). */
    interface PublishListener {
        void published(long ctxId, int ownerPid);
    }

    private final HostIdentity host;
    private final EventOutbox outbox;
    private final int targetPid;
    private final ProcView proc;
    private final long kernelFeatures;
    private final long observerPid;
    private final Map<Long, ObservedCtx> ctxs = new HashMap<>();
    private final Map<Long, Long> byHolder = new HashMap<>();
    private final List<Long> forgotten = new ArrayList<>();
    private final Map<ObsRecord.Kind, Handler> handlers = new EnumMap<>(ObsRecord.Kind.class);
    private final FaultWaits waits = new FaultWaits();
    private PublishListener listener = (id, pid) -> { };
    private long records;

    /**
     * @param targetPid      publish only uffds made in or handed to this process (0: every process)
     * @param kernelFeatures the kernel's supported features (the open's {@code features} of an adopted uffd)
     */
    TraceMapper(HostIdentity host, EventOutbox outbox, int targetPid, ProcView proc, long kernelFeatures) {
        this.host = host;
        this.outbox = outbox;
        this.targetPid = targetPid;
        this.proc = proc;
        this.kernelFeatures = kernelFeatures;
        this.observerPid = host.pid();
        handlers.put(ObsRecord.Kind.CREATE, this::created);
        handlers.put(ObsRecord.Kind.IOCTL, this::ioctl);
        handlers.put(ObsRecord.Kind.MSG, this::message);
        handlers.put(ObsRecord.Kind.FORKED, this::forked);
        handlers.put(ObsRecord.Kind.CLOSE, this::closed);
        handlers.put(ObsRecord.Kind.HANDOFF, this::handedOff);
        handlers.put(ObsRecord.Kind.ADOPT, this::adopted);
        handlers.put(ObsRecord.Kind.UFAULT, r -> waits.userFault(r.a(), r.ts()));
        handlers.put(ObsRecord.Kind.EXIT, this::exited);
    }

    void onPublish(PublishListener l) {
        this.listener = l;
    }

    private void publish(ObservedCtx c) {
        if (!c.published()) {
            c.publish(outbox);
            listener.published(c.id, c.ownerPid);
        }
    }

    /** Maps one record; a record of an unknown kind or ctx is logged and skipped. */
    void accept(ObsRecord r) throws InterruptedException {
        records++;
        Handler h = handlers.get(r.kind());
        if (h == null) {
            LOG.warn("record of unknown kind skipped: {}", r);
            return;
        }
        h.handle(r);
    }

    /** {@code count} more records of ctx {@code id} were dropped by the kernel: a loss event. */
    void lost(long id, long count, long monoNanos) {
        ObservedCtx c = ctxs.get(id);
        if (c != null && count > 0) {
            c.emit(monoNanos, env -> new LossEvent(env, count, LOSS_REASON));
        }
    }

    /** The (tgid, fd) keys user space stopped following (exited processes): delete them from the BPF map. */
    List<Long> takeForgotten() {
        List<Long> f = new ArrayList<>(forgotten);
        forgotten.clear();
        return f;
    }

    FaultWaits waits() {
        return waits;
    }

    long records() {
        return records;
    }

    /** The ctx string of kernel ctx {@code id}, or null when never seen. */
    String ctxName(long id) {
        ObservedCtx c = ctxs.get(id);
        return c == null ? null : c.ctx;
    }

    private String name(int ownerPid, long id) {
        return host.host() + ":" + ownerPid + ":o" + observerPid + "." + id + ":" + host.bootId();
    }

    private boolean observed(int tgid) {
        return targetPid == 0 || tgid == targetPid;
    }

    private ObservedCtx track(long id, int tgid, int fd, String via) {
        ObservedCtx c = new ObservedCtx(id, name(tgid, id), tgid, via);
        ctxs.put(id, c);
        hold(c, tgid, fd);
        return c;
    }

    private void hold(ObservedCtx c, int tgid, int fd) {
        long key = ObservedCtx.holder(tgid, fd);
        c.holders.add(key);
        byHolder.put(key, c.id);
    }

    private void created(ObsRecord r) {
        ObservedCtx c = track(r.ctx(), r.tgid(), r.fd(),
                r.a() == ObsRecord.VIA_DEV ? OpenEvent.VIA_DEV : OpenEvent.VIA_SYSCALL);
        if (observed(r.tgid())) {
            publish(c);
        }
    }

    private void handedOff(ObsRecord r) {
        ObservedCtx c = ctxs.get(r.ctx());
        if (c == null) {
            LOG.warn("handoff of a uffd never seen: {}", r);
            return;
        }
        hold(c, r.tgid(), r.fd());
        if (!c.published() && observed(r.tgid())) {
            c.via = OpenEvent.VIA_HANDOFF;
            publish(c);
        }
    }

    /** A uffd first seen in use (made before observe started, or by an unobserved path): its open from fdinfo. */
    private void adopted(ObsRecord r) {
        ObservedCtx c = track(r.ctx(), r.tgid(), r.fd(), OpenEvent.VIA_HANDOFF);
        long features = proc.uffdFeatures(r.tgid(), r.fd());
        c.requested = Math.max(features, 0);
        sendOpen(c, r.ts(), Errno.name(0), kernelFeatures, API_IOCTLS);
        if (observed(r.tgid())) {
            publish(c);
        }
    }

    private void sendOpen(ObservedCtx c, long ts, String result, long features, long ioctls) {
        c.openSent = true;
        c.apiFeatures = features;
        c.apiIoctls = ioctls;
        long requested = c.requested == null ? 0 : c.requested;
        c.emit(ts, env -> new OpenEvent(env, host.host(), c.ownerPid, host.kernel(), c.via, c.parent,
                BitNames.features(requested), result, BitNames.features(features), BitNames.ioctls(ioctls)));
    }

    /** A uffd used before any UFFDIO_API: its open says so (no features in effect, as for a refused API). */
    private void ensureOpen(ObservedCtx c, long ts) {
        if (!c.openSent) {
            sendOpen(c, ts, Errno.name(Errno.EINVAL), 0, 0);
        }
    }

    private void ioctl(ObsRecord r) {
        ObservedCtx c = ctxs.get(r.ctx());
        if (c == null) {
            LOG.warn("ioctl on a uffd never seen: {}", r);
            return;
        }
        ByteBuffer arg = r.dataBuffer();
        int nr = r.ioctlNr();
        String result = r.ret() >= 0 ? Errno.name(0) : Errno.name((int) -r.ret());
        if (nr == IoctlNumbers.NR_API) {
            if (!c.openSent) {
                c.requested = r.b();
                sendOpen(c, r.ts(), result, arg.getLong(8), arg.getLong(16));
            }
            return;
        }
        ensureOpen(c, r.ts());
        CtxCalls.apply(c, r, result, proc);
    }

    private void message(ObsRecord r) {
        ObservedCtx c = ctxs.get(r.ctx());
        if (c == null) {
            LOG.warn("message of a uffd never seen: {}", r);
            return;
        }
        ensureOpen(c, r.ts());
        CtxMessages.apply(c, r, waits, ufd -> {
            Long child = byHolder.get(ObservedCtx.holder(r.tgid(), ufd));
            return child == null || !ctxs.containsKey(child) ? null : ctxs.get(child).ctx;
        });
    }

    /** FORKED: the child's uffd, installed in the reader by the FORK message that follows. */
    private void forked(ObsRecord r) {
        ObservedCtx parent = ctxs.get(r.a());
        ObservedCtx c = track(r.ctx(), r.tgid(), r.fd(), OpenEvent.VIA_FORK);
        if (parent == null) {
            LOG.warn("fork of a uffd never seen: {}", r);
            c.parent = "unknown";
            sendOpen(c, r.ts(), Errno.name(0), kernelFeatures, API_IOCTLS);
        } else {
            c.parent = parent.ctx;
            c.requested = parent.requested;
            sendOpen(c, r.ts(), Errno.name(0), parent.apiFeatures, parent.apiIoctls);
            for (Region g : parent.regions.snapshot()) {
                c.regions.add(g);
                c.emit(r.ts(), env -> new RegisterEvent(env, g.start(), g.len(), g.mem(), g.pageSize(),
                        BitNames.modes(g.modeBits()), Errno.name(0), List.of(), null, true));
            }
        }
        if (parent != null && parent.published() || observed(r.tgid())) {
            publish(c);
        }
    }

    private void closed(ObsRecord r) throws InterruptedException {
        ObservedCtx c = ctxs.get(r.ctx());
        long key = ObservedCtx.holder(r.tgid(), r.fd());
        byHolder.remove(key);
        if (c != null) {
            c.holders.remove(key);
            closeIfUnheld(c, r.ts());
        }
    }

    /** The process is gone: its fds are closed without close(2) calls, so every uffd it held loses a holder. */
    private void exited(ObsRecord r) throws InterruptedException {
        for (ObservedCtx c : new ArrayList<>(ctxs.values())) {
            boolean held = c.holders.removeIf(k -> {
                boolean mine = (int) (k >>> 32) == r.tgid();
                if (mine) {
                    forgotten.add(k);
                    byHolder.remove(k);
                }
                return mine;
            });
            if (held) {
                closeIfUnheld(c, r.ts());
            }
        }
    }

    private void closeIfUnheld(ObservedCtx c, long ts) throws InterruptedException {
        if (!c.holders.isEmpty() || c.closed) {
            return;
        }
        c.closed = true;
        ensureOpen(c, ts);
        c.emitLast(ts, CloseEvent::new);
        ctxs.remove(c.id);
    }
}
