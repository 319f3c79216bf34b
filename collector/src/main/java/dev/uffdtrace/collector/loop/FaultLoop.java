package dev.uffdtrace.collector.loop;

import com.sun.jna.Memory;
import dev.uffdtrace.analyzer.trace.FaultEvent;
import dev.uffdtrace.analyzer.trace.UffdMessageEvent;
import dev.uffdtrace.collector.linux.BitNames;
import dev.uffdtrace.collector.linux.Errno;
import dev.uffdtrace.collector.linux.Layouts;
import dev.uffdtrace.collector.linux.NativeException;
import dev.uffdtrace.collector.linux.RangeAnswer;
import dev.uffdtrace.collector.linux.Sys;
import dev.uffdtrace.collector.linux.Uapi;
import dev.uffdtrace.collector.linux.UffdMessage;
import dev.uffdtrace.collector.linux.UffdMessages;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves one uffd: poll, read up to {@value #BATCH} messages at once, record each, resolve page
 * faults by the {@link ResolvePolicy}, follow FORK/REMAP/REMOVE/UNMAP in the registration table.
 *
 * <pre>
 *   poll ─► read batch ─► for a run of page faults: record every fault, then resolve each page once
 *                      └► other message: resolve the pending run first, then record and apply it
 * </pre>
 * A page that several faults of one run wait for is resolved once (the wake wakes them all); an
 * EEXIST (the page arrived meanwhile) counts as served and is followed by a WAKE of the page so
 * the trace shows what woke its waiters. Forked children get their own ctx (open, inherited
 * registers) and are closed at once: this loop serves only its own process.
 * After a batch the loop keeps polling without sleeping for a short window ({@link ReadSpin}), so
 * that the next fault of a busy stream is read by a running thread rather than one that must be
 * woken first; then it sleeps in poll() again.
 * Close the loop (its native buffers) once it has stopped; the session stays open.
 */
public final class FaultLoop implements Runnable, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FaultLoop.class);
    public static final int BATCH = 64;
    private static final int POLL_MILLIS = 20;

    private final UffdSession session;
    private final ResolvePolicy policy;
    private final ReadSpin spin;
    private final Memory buffer = new Memory((long) BATCH * Layouts.UffdMsg.SIZE);
    private final ByteBuffer view = buffer.getByteBuffer(0, buffer.size());
    private final Memory pollFd = new Memory(Layouts.PollFd.SIZE);
    private final ServiceTimes serviceTimes = new ServiceTimes();
    private final List<PendingFault> run = new ArrayList<>(BATCH);
    private final long[] servedPages = new long[BATCH];
    private volatile boolean stopping;
    private volatile Throwable failure;
    private long faults;
    private long served;
    private long failed;
    private long messages;
    // the spin window after the last served batch: open while spinning, until spinUntil (nanoTime)
    private boolean spinning;
    private long spinUntil;

    private record PendingFault(long address, long flags, long readNanos) {
    }

    /** A loop with the {@link ReadSpin#DEFAULT default} spin window, if this process may use several CPUs. */
    public FaultLoop(UffdSession session, ResolvePolicy policy) {
        this(session, policy, ReadSpin.forThisProcess(ReadSpin.DEFAULT));
    }

    public FaultLoop(UffdSession session, ResolvePolicy policy, ReadSpin spin) {
        this.session = session;
        this.policy = policy;
        this.spin = spin;
        pollFd.setInt(Layouts.PollFd.FD, session.uffd().fd());
        pollFd.setShort(Layouts.PollFd.EVENTS, Uapi.POLLIN);
    }

    /** Serves until {@link #stop()}; then drains what is already queued and returns. */
    @Override
    public void run() {
        try {
            while (!stopping) {
                serveOnce(POLL_MILLIS);
            }
            while (serveOnce(0) > 0) {
                // drain messages that arrived before the stop
            }
        } catch (NativeException | RuntimeException e) {
            failure = e;
            LOG.error("fault loop of ctx {} stopped", session.ctx(), e);
        }
    }

    public void stop() {
        stopping = true;
    }

    /** Runs the loop on a new thread named after the ctx. */
    public Thread start() {
        stopping = false;
        Thread t = new Thread(this, "uffd-loop-" + session.ctx());
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Stops the loop started by {@link #start()} and waits for it; rethrows what ended it. */
    public void stopAndJoin(Thread t) throws InterruptedException, NativeException {
        stop();
        t.join();
        Throwable f = failure;
        if (f instanceof NativeException ne) {
            throw ne;
        }
        if (f instanceof RuntimeException re) {
            throw re;
        }
    }

    /** The error that ended {@link #run()}, or null. */
    public Throwable failure() {
        return failure;
    }

    /** Waits up to {@code timeoutMillis} for messages, serves one batch; the number of messages served. */
    public int serveOnce(int timeoutMillis) throws NativeException {
        int revents = spinPoll();
        if (revents == 0) {
            revents = poll(timeoutMillis);
        }
        if ((revents & Uapi.POLLIN) == 0) {
            if ((revents & (Uapi.POLLERR | Uapi.POLLHUP)) != 0) {
                // poll would answer at once forever: end the loop instead of spinning
                throw new IllegalStateException("ctx " + session.ctx() + ": the uffd reports POLLERR/POLLHUP");
            }
            return 0;
        }
        int bytes = session.uffd().read(buffer, (int) buffer.size());
        long readNanos = System.nanoTime();
        int n = UffdMessages.count(bytes);
        for (int i = 0; i < n; i++) {
            UffdMessage m = UffdMessages.decode(view, i * Layouts.UffdMsg.SIZE);
            if (m instanceof UffdMessage.PageFault pf) {
                faults++;
                run.add(new PendingFault(pf.address(), pf.flags(), readNanos));
                Long tid = pf.ptid() == 0 ? null : (long) pf.ptid();
                session.stream().emit(readNanos, env -> new FaultEvent(env, pf.address(),
                        BitNames.faultFlags(pf.flags()), tid));
            } else {
                resolveRun();
                messages++;
                apply(m, readNanos);
            }
        }
        resolveRun();
        if (n > 0 && !spin.off()) {
            spinning = true;
            spinUntil = System.nanoTime() + spin.nanos();
        }
        return n;
    }

    private int poll(int timeoutMillis) throws NativeException {
        pollFd.setShort(Layouts.PollFd.REVENTS, (short) 0);
        return Sys.pollOne(pollFd, timeoutMillis);
    }

    /**
     * Polls without sleeping while the spin window of the last batch is open: the revents once
     * there are any, 0 when the window closed empty. poll(0) rather than read: an empty read of
     * the non-blocking uffd is EAGAIN, which JNA raises as an exception.
     */
    private int spinPoll() throws NativeException {
        while (spinning) {
            int revents = poll(0);
            if (revents != 0) {
                return revents;
            }
            if (System.nanoTime() - spinUntil >= 0) {
                spinning = false;
            } else {
                Thread.onSpinWait();
            }
        }
        return 0;
    }

    private void resolveRun() {
        int servedCount = 0;
        for (PendingFault f : run) {
            Region r = session.regions().find(f.address());
            if (r == null) {
                failed++;
                LOG.warn("ctx {}: fault at {} is in no registered range; left to the kernel", session.ctx(),
                        Long.toHexString(f.address()));
                continue;
            }
            long page = f.address() & -r.pageSize();
            if (contains(servedPages, servedCount, page)) {
                served++;
                continue;
            }
            RangeAnswer a = resolve(f, r, page);
            if (a.ok() || a.errno() == Errno.EEXIST) {
                if (a.errno() == Errno.EEXIST) {
                    session.wake(page, r.pageSize());
                }
                served++;
                serviceTimes.add(System.nanoTime() - f.readNanos());
                servedPages[servedCount++] = page;
            } else {
                failed++;
                LOG.warn("ctx {}: resolving the fault at {} failed: {}", session.ctx(), Long.toHexString(f.address()),
                        a.result());
            }
        }
        run.clear();
    }

    private RangeAnswer resolve(PendingFault f, Region r, long page) {
        if ((f.flags() & Uapi.PAGEFAULT_FLAG_MINOR) != 0) {
            return session.continueRange(page, r.pageSize(), 0);
        }
        if ((f.flags() & Uapi.PAGEFAULT_FLAG_WP) != 0) {
            return session.writeprotect(page, r.pageSize(), 0);
        }
        if (policy.fillFor(r.mem()) == MissingFill.COPY) {
            long src = policy.source().sourceAddress(page - r.start(), r.pageSize());
            return session.copy(page, src, r.pageSize(), 0);
        }
        return session.zeropage(page, r.pageSize(), 0);
    }

    private static boolean contains(long[] pages, int count, long page) {
        for (int i = 0; i < count; i++) {
            if (pages[i] == page) {
                return true;
            }
        }
        return false;
    }

    private void apply(UffdMessage m, long nanos) {
        CtxStream s = session.stream();
        if (m instanceof UffdMessage.Fork fork) {
            UffdSession child = session.forkChild(fork.ufd());
            s.emit(nanos, env -> UffdMessageEvent.fork(env, child.ctx()));
            closeChild(child); // its close event waits for queue room: the one place the loop may wait
        } else if (m instanceof UffdMessage.Remap remap) {
            session.regions().move(remap.from(), remap.to(), remap.len());
            s.emit(nanos, env -> UffdMessageEvent.remap(env, remap.from(), remap.to(), remap.len()));
        } else if (m instanceof UffdMessage.Remove remove) {
            s.emit(nanos, env -> UffdMessageEvent.range(env, UffdMessageEvent.REMOVE, remove.start(), remove.end()));
        } else if (m instanceof UffdMessage.Unmap unmap) {
            session.regions().remove(unmap.start(), unmap.end());
            s.emit(nanos, env -> UffdMessageEvent.range(env, UffdMessageEvent.UNMAP, unmap.start(), unmap.end()));
        } else {
            LOG.warn("ctx {}: unknown uffd message code {}; ignored", session.ctx(), ((UffdMessage.Unknown) m).code());
        }
    }

    private void closeChild(UffdSession child) {
        try {
            child.close();
        } catch (NativeException e) {
            LOG.warn("ctx {}: closing the forked child's uffd failed", child.ctx(), e);
        }
    }

    public ServiceTimes serviceTimes() {
        return serviceTimes;
    }

    public LoopCounters counters() {
        return new LoopCounters(faults, served, failed, messages);
    }

    /** Frees the native read and poll buffers; the loop must not be running. */
    @Override
    public void close() {
        buffer.close();
        pollFd.close();
    }
}
