package dev.uffdtrace.collector.loop;

import dev.uffdtrace.analyzer.trace.CloseEvent;
import dev.uffdtrace.analyzer.trace.IoctlEvent;
import dev.uffdtrace.analyzer.trace.MemType;
import dev.uffdtrace.analyzer.trace.OpenEvent;
import dev.uffdtrace.analyzer.trace.RegisterEvent;
import dev.uffdtrace.analyzer.trace.UnregisterEvent;
import dev.uffdtrace.collector.linux.ApiAnswer;
import dev.uffdtrace.collector.linux.BitNames;
import dev.uffdtrace.collector.linux.Errno;
import dev.uffdtrace.collector.linux.NativeException;
import dev.uffdtrace.collector.linux.RangeAnswer;
import dev.uffdtrace.collector.linux.RegisterAnswer;
import dev.uffdtrace.collector.linux.Uffd;
import dev.uffdtrace.collector.publish.EventOutbox;
import java.util.List;

/**
 * One uffd with its ctx: every call made through a session is made on the kernel and recorded
 * as the trace event of its kind, with the kernel's own answer. The registration table follows
 * the successful registers and unregisters. One thread at a time drives a session.
 */
public final class UffdSession implements AutoCloseable {
    public static final String VIA_SYSCALL = OpenEvent.VIA_SYSCALL;
    public static final String VIA_DEV = OpenEvent.VIA_DEV;

    private final Uffd uffd;
    private final CtxStream stream;
    private final HostIdentity host;
    private final RegionTable table = new RegionTable();
    private final long requested;
    private final ApiAnswer api;
    private boolean closed;

    private UffdSession(Uffd uffd, CtxStream stream, HostIdentity host, long requested, ApiAnswer api) {
        this.uffd = uffd;
        this.stream = stream;
        this.host = host;
        this.requested = requested;
        this.api = api;
    }

    /**
     * Creates a uffd ({@code via} {@link #VIA_SYSCALL} or {@link #VIA_DEV}), asks UFFDIO_API for
     * {@code requestedFeatures} and records the {@code open}. A refused API call still gives a
     * session (its open says why); {@link #apiOk()} tells.
     */
    public static UffdSession open(HostIdentity host, EventOutbox outbox, String via, long requestedFeatures)
            throws NativeException {
        Uffd uffd = VIA_DEV.equals(via) ? Uffd.viaDevice() : Uffd.viaSyscall();
        ApiAnswer answer = uffd.api(requestedFeatures);
        UffdSession s = new UffdSession(uffd, new CtxStream(host.newCtx(), outbox), host, requestedFeatures, answer);
        long now = System.nanoTime();
        s.stream.emit(now, env -> new OpenEvent(env, host.host(), host.pid(), host.kernel(), via, null,
                BitNames.features(requestedFeatures), answer.result(), BitNames.features(answer.features()),
                BitNames.ioctls(answer.ioctls())));
        return s;
    }

    /**
     * The child's uffd of a FORK message: a new ctx whose stream starts with its own {@code open}
     * (via fork, naming the parent, with the parent's features) and one inherited {@code register}
     * per range the parent had registered.
     */
    UffdSession forkChild(int childFd) {
        UffdSession child = new UffdSession(Uffd.adopt(childFd), new CtxStream(host.newCtx(), stream.outbox()),
                host, requested, api);
        long now = System.nanoTime();
        child.stream.emit(now, env -> new OpenEvent(env, host.host(), host.pid(), host.kernel(), OpenEvent.VIA_FORK,
                stream.ctx(), BitNames.features(requested), Errno.name(0), BitNames.features(api.features()),
                BitNames.ioctls(api.ioctls())));
        for (Region r : table.snapshot()) {
            child.table.add(r);
            child.stream.emit(now, env -> new RegisterEvent(env, r.start(), r.len(), r.mem(), r.pageSize(),
                    BitNames.modes(r.modeBits()), Errno.name(0), List.of(), r.label(), true));
        }
        return child;
    }

    public String ctx() {
        return stream.ctx();
    }

    public boolean apiOk() {
        return api.ok();
    }

    public ApiAnswer api() {
        return api;
    }

    public long requestedFeatures() {
        return requested;
    }

    public RegionTable regions() {
        return table;
    }

    CtxStream stream() {
        return stream;
    }

    Uffd uffd() {
        return uffd;
    }

    /** UFFDIO_REGISTER, recorded with the memory type, page size, modes and the ioctls the kernel returned. */
    public RegisterAnswer register(long start, long len, MemType mem, long pageSize, long modeBits, String label) {
        RegisterAnswer a = uffd.register(start, len, modeBits);
        if (a.ok()) {
            table.add(new Region(start, len, mem, pageSize, modeBits, label));
        }
        stream.emit(System.nanoTime(), env -> new RegisterEvent(env, start, len, mem, pageSize,
                BitNames.modes(modeBits), a.result(), BitNames.ioctls(a.ioctls()), label, false));
        return a;
    }

    public int unregister(long start, long len) {
        int errno = uffd.unregister(start, len);
        if (errno == 0) {
            table.remove(start, start + len);
        }
        stream.emit(System.nanoTime(), env -> new UnregisterEvent(env, start, len, Errno.name(errno)));
        return errno;
    }

    public RangeAnswer copy(long dst, long src, long len, long mode) {
        return record(Op.COPY, dst, len, mode, src, uffd.copy(dst, src, len, mode));
    }

    public RangeAnswer zeropage(long start, long len, long mode) {
        return record(Op.ZEROPAGE, start, len, mode, null, uffd.zeropage(start, len, mode));
    }

    public RangeAnswer continueRange(long start, long len, long mode) {
        return record(Op.CONTINUE, start, len, mode, null, uffd.continueRange(start, len, mode));
    }

    public RangeAnswer poison(long start, long len, long mode) {
        return record(Op.POISON, start, len, mode, null, uffd.poison(start, len, mode));
    }

    public RangeAnswer move(long dst, long src, long len, long mode) {
        return record(Op.MOVE, dst, len, mode, src, uffd.move(dst, src, len, mode));
    }

    public RangeAnswer writeprotect(long start, long len, long mode) {
        return record(Op.WRITEPROTECT, start, len, mode, null, uffd.writeprotect(start, len, mode));
    }

    public RangeAnswer wake(long start, long len) {
        return record(Op.WAKE, start, len, 0, null, uffd.wake(start, len));
    }

    private RangeAnswer record(Op op, long start, long len, long mode, Long src, RangeAnswer a) {
        long now = System.nanoTime();
        stream.emit(now, env -> new IoctlEvent(env, op.name(), start, len, op.modeNames(mode), a.result(), src,
                a.bytes(), a.durNanos()));
        return a;
    }

    /** Closes the uffd (the kernel wakes every waiting fault) and records the {@code close}. */
    @Override
    public void close() throws NativeException {
        if (closed) {
            return;
        }
        closed = true;
        uffd.close();
        try {
            stream.emitWaiting(System.nanoTime(), CloseEvent::new);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
