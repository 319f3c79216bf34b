package dev.uffdtrace.collector.observe;

import dev.uffdtrace.analyzer.trace.LossEvent;
import dev.uffdtrace.collector.linux.Errno;
import dev.uffdtrace.collector.linux.IoctlNumbers;
import dev.uffdtrace.collector.loop.HostIdentity;
import dev.uffdtrace.collector.publish.EventOutbox;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.EnumMap;
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
 *   CREATE, HANDOFF, ADOPT, FORKED, CLOSE, EXIT ─► {@link ObservedUffds}: which ctx, its holders, open and close
 *   IOCTL API ─► open ── IOCTL REGISTER ─► register (+ smaps), other ioctls ─► {@link CtxCalls}
 *   MSG ─► fault / event ({@link CtxMessages});  UFAULT ─► {@link FaultWaits}
 * </pre>
 * Every event's {@code mono_ns} is the kernel's CLOCK_MONOTONIC of the record: a fault's is when
 * the handler's read returned (as in the collector's own traces, so latencies are the handler's
 * service time); the faulting thread's earlier user-mode fault time feeds {@link FaultWaits}.
 */
final class TraceMapper {
    private static final Logger LOG = LoggerFactory.getLogger(TraceMapper.class);
    static final String LOSS_REASON = "BPF ring buffer full";

    interface Handler {
        void handle(ObsRecord r) throws InterruptedException;
    }

    private final HostIdentity host;
    private final ProcView proc;
    private final ObservedUffds uffds;
    private final Map<ObsRecord.Kind, Handler> handlers = new EnumMap<>(ObsRecord.Kind.class);
    private final FaultWaits waits = new FaultWaits();
    private long records;

    /**
     * @param targetPid      publish only uffds made in or handed to this process (0: every process)
     * @param kernelFeatures the kernel's supported features (the open's {@code features} of an adopted uffd)
     */
    TraceMapper(HostIdentity host, EventOutbox outbox, int targetPid, ProcView proc, long kernelFeatures) {
        this.host = host;
        this.proc = proc;
        this.uffds = new ObservedUffds(host, outbox, targetPid, proc, kernelFeatures);
        handlers.put(ObsRecord.Kind.CREATE, uffds::created);
        handlers.put(ObsRecord.Kind.IOCTL, this::ioctl);
        handlers.put(ObsRecord.Kind.MSG, this::message);
        handlers.put(ObsRecord.Kind.FORKED, uffds::forked);
        handlers.put(ObsRecord.Kind.CLOSE, uffds::closed);
        handlers.put(ObsRecord.Kind.HANDOFF, uffds::handedOff);
        handlers.put(ObsRecord.Kind.ADOPT, uffds::adopted);
        handlers.put(ObsRecord.Kind.UFAULT, r -> waits.userFault(r.a(), r.ts()));
        handlers.put(ObsRecord.Kind.EXIT, uffds::exited);
    }

    void onPublish(ObservedUffds.PublishListener l) {
        uffds.onPublish(l);
    }

    /**
     * Maps the record at {@code offset} of the ring ({@code length} bytes). A UFAULT, one of a
     * fault's three records, is taken from the ring as it is (two fields, no record object).
     */
    void accept(ByteBuffer ring, int offset, int length) throws InterruptedException {
        if (length >= ObsRecord.A_AT + 8 && ring.order() == ByteOrder.LITTLE_ENDIAN
                && ring.getInt(offset + ObsRecord.KIND_AT) == ObsRecord.Kind.UFAULT.ordinal()) {
            records++;
            waits.userFault(ring.getLong(offset + ObsRecord.A_AT), ring.getLong(offset + ObsRecord.TS_AT));
            return;
        }
        accept(ObsRecord.decode(ring, offset, length));
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
        ObservedCtx c = uffds.get(id);
        if (c != null && count > 0) {
            c.emit(monoNanos, env -> new LossEvent(env, count, LOSS_REASON));
        }
    }

    /** The (tgid, fd) keys user space stopped following (exited processes): delete them from the BPF map. */
    List<Long> takeForgotten() {
        return uffds.takeForgotten();
    }

    /** The files map entries of uffds gone with their processes: delete them from the BPF map. */
    List<ObservedUffds.GoneFile> takeGoneFiles() {
        return uffds.takeGoneFiles();
    }

    FaultWaits waits() {
        return waits;
    }

    long records() {
        return records;
    }

    /** The ctx string of kernel ctx {@code id}, open or closed, or null when never seen. */
    String ctxName(long id) {
        return uffds.ctxName(id);
    }

    private void ioctl(ObsRecord r) {
        ObservedCtx c = uffds.get(r.ctx());
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
                CtxOpen.send(c, host, r.ts(), result, arg.getLong(8), arg.getLong(16));
            }
            return;
        }
        CtxOpen.ensure(c, host, r.ts());
        CtxCalls.apply(c, r, result, proc);
    }

    private void message(ObsRecord r) {
        ObservedCtx c = uffds.get(r.ctx());
        if (c == null) {
            LOG.warn("message of a uffd never seen: {}", r);
            return;
        }
        CtxOpen.ensure(c, host, r.ts());
        CtxMessages.apply(c, r, waits, ufd -> uffds.heldBy(r.tgid(), ufd));
    }
}
