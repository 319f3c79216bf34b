package dev.uffdtrace.collector.firecracker;

import dev.uffdtrace.analyzer.trace.CloseEvent;
import dev.uffdtrace.analyzer.trace.FaultEvent;
import dev.uffdtrace.analyzer.trace.IoctlEvent;
import dev.uffdtrace.analyzer.trace.OpenEvent;
import dev.uffdtrace.analyzer.trace.RegisterEvent;
import dev.uffdtrace.analyzer.trace.UffdMessageEvent;
import dev.uffdtrace.collector.linux.ApiAnswer;
import dev.uffdtrace.collector.linux.BitNames;
import dev.uffdtrace.collector.linux.NativeException;
import dev.uffdtrace.collector.linux.RangeAnswer;
import dev.uffdtrace.collector.linux.Uapi;
import dev.uffdtrace.collector.linux.Uffd;
import dev.uffdtrace.collector.linux.UffdMessage;
import dev.uffdtrace.collector.loop.CtxStream;
import dev.uffdtrace.collector.loop.HostIdentity;
import java.util.List;

/**
 * A handed-over uffd and its ctx: every ioctl made through it is recorded with the kernel's
 * answer, as {@code collector.loop.UffdSession} does for a uffd we opened ourselves. Calls and
 * their records are split: the server makes its ioctls first and records them (with the times
 * taken when they happened) once the faulting threads are running again, so publishing never
 * delays a wake.
 *
 * <p>What a handoff lets us know, and so what the {@code open} says: {@code via} handoff,
 * {@code pid} the VMM's (SO_PEERCRED); {@code requested} the features the VMM negotiated, read
 * from the uffd's fdinfo; {@code result} ok (the VMM registered memory, which needs a successful
 * UFFDIO_API); {@code features} and {@code ioctls} this kernel's answer to UFFDIO_API, the same
 * for every uffd of a host, taken once from a uffd of our own. Each region becomes a
 * {@code register} (MISSING, result ok: faults arrive, so it was registered) whose {@code ioctls}
 * is {@code []}: the VMM's REGISTER answer is not handed over.
 */
final class HandoffSession implements AutoCloseable {
    private static final List<String> MISSING = BitNames.modes(Uapi.REGISTER_MODE_MISSING);

    private final Uffd uffd;
    private final CtxStream stream;
    private boolean closed;

    private HandoffSession(Uffd uffd, CtxStream stream) {
        this.uffd = uffd;
        this.stream = stream;
    }

    static HandoffSession open(Uffd uffd, CtxStream stream, HostIdentity host, PeerCredentials peer,
                               long negotiated, ApiAnswer kernel, List<GuestRegion> regions) {
        HandoffSession s = new HandoffSession(uffd, stream);
        long now = System.nanoTime();
        stream.emit(now, env -> new OpenEvent(env, host.host(), peer.pid(), host.kernel(), OpenEvent.VIA_HANDOFF,
                null, BitNames.features(negotiated), "ok", BitNames.features(kernel.features()),
                BitNames.ioctls(kernel.ioctls())));
        for (int i = 0; i < regions.size(); i++) {
            GuestRegion r = regions.get(i);
            String label = "region-" + i;
            stream.emit(now, env -> new RegisterEvent(env, r.baseHostVirtAddr(), r.size(), r.mem(), r.pageSize(),
                    MISSING, "ok", List.of(), label, false));
        }
        return s;
    }

    String ctx() {
        return stream.ctx();
    }

    Uffd uffd() {
        return uffd;
    }

    void fault(long readNanos, UffdMessage.PageFault pf) {
        Long tid = pf.ptid() == 0 ? null : (long) pf.ptid();
        stream.emit(readNanos, env -> new FaultEvent(env, pf.address(), BitNames.faultFlags(pf.flags()), tid));
    }

    void removed(long readNanos, String kind, long start, long end) {
        stream.emit(readNanos, env -> UffdMessageEvent.range(env, kind, start, end));
    }

    void remapped(long readNanos, long from, long to, long len) {
        stream.emit(readNanos, env -> UffdMessageEvent.remap(env, from, to, len));
    }

    /** One fill or wake done on the uffd, recorded later by {@link #record(Call)}. */
    record Call(String op, long start, long len, Long src, RangeAnswer answer, long doneNanos) {
    }

    Call copy(long dst, long src, long len) {
        RangeAnswer a = uffd.copy(dst, src, len, 0);
        return new Call("COPY", dst, len, src, a, System.nanoTime());
    }

    Call zeropage(long start, long len) {
        RangeAnswer a = uffd.zeropage(start, len, 0);
        return new Call("ZEROPAGE", start, len, null, a, System.nanoTime());
    }

    Call wake(long start, long len) {
        RangeAnswer a = uffd.wake(start, len);
        return new Call("WAKE", start, len, null, a, System.nanoTime());
    }

    void record(Call c) {
        stream.emit(c.doneNanos(), env -> new IoctlEvent(env, c.op(), c.start(), c.len(), List.of(),
                c.answer().result(), c.src(), c.answer().bytes(), c.answer().durNanos()));
    }

    /** Closes our reference to the uffd and records the {@code close}. */
    @Override
    public void close() throws NativeException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            uffd.close();
        } finally {
            try {
                stream.emitWaiting(System.nanoTime(), CloseEvent::new);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
