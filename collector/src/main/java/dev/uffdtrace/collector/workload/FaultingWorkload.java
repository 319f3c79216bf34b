package dev.uffdtrace.collector.workload;

import dev.uffdtrace.collector.linux.Sys;
import dev.uffdtrace.collector.loop.FaultLoop;
import dev.uffdtrace.collector.loop.LoopCounters;
import dev.uffdtrace.collector.loop.ReadSpin;
import dev.uffdtrace.collector.loop.ServiceTimes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What ref-handler.c does, for any set-up: a handler thread serves the uffd while T threads touch
 * every page of the registered area once (thread i takes pages i, i+T, ...); with a duration,
 * rounds repeat (the scenario undoes the previous round first) until it has passed. A warm-up
 * runs rounds before that and leaves them out of the result: a long-running collector works
 * with compiled code, which a JVM's first seconds do not show.
 */
abstract class FaultingWorkload implements Workload {

    /** Maps the memory, opens the session and registers the area. */
    abstract Scenario setUp(WorkloadEnv env) throws Exception;

    @Override
    public final WorkloadResult run(WorkloadEnv env) throws Exception {
        String skip = skipReason(env);
        if (skip != null) {
            return WorkloadResult.skipped(name(), skip);
        }
        WorkloadParams p = env.params();
        try (Scenario s = setUp(env);
             FaultLoop loop = new FaultLoop(s.session, s.policy, ReadSpin.forThisProcess(p.spin()))) {
            boolean warmedUp = !p.warmup().isZero();
            if (warmedUp) {
                rounds(s, loop, p.threads(), System.nanoTime() + p.warmup().toNanos(), false);
            }
            long faultsBefore = loop.counters().faults();
            loop.serviceTimes().clear();
            long cpu0 = Sys.processCpuNanos();
            long touchNanos = rounds(s, loop, p.threads(), System.nanoTime() + p.duration().toNanos(), warmedUp);
            long cpuNanos = Sys.processCpuNanos() - cpu0;
            LoopCounters c = loop.counters();
            if (c.failed() > 0) {
                throw new IllegalStateException(name() + ": " + c.failed() + " faults could not be resolved");
            }
            ServiceTimes st = loop.serviceTimes();
            return new WorkloadResult(name(), c.faults() - faultsBefore, touchNanos / 1e9, st.percentile(0.5),
                    st.percentile(0.99), cpuNanos, null);
        }
    }

    /**
     * Runs rounds until the deadline (at least one), undoing the previous round before each but
     * the first unless {@code resetFirst}; the nanoseconds the faulting threads ran.
     */
    private static long rounds(Scenario s, FaultLoop loop, int threads, long deadline, boolean resetFirst)
            throws Exception {
        long touchNanos = 0;
        boolean reset = resetFirst;
        do {
            if (reset) {
                s.reset.run();
            }
            reset = true;
            Thread handler = loop.start();
            try {
                long t0 = System.nanoTime();
                touchAll(s, threads, handler);
                touchNanos += System.nanoTime() - t0;
            } finally {
                loop.stopAndJoin(handler); // before the loop's buffers are freed, whatever happened
            }
            s.verify.run();
        } while (System.nanoTime() < deadline);
        return touchNanos;
    }

    /** Why this machine cannot run the workload, or null. */
    String skipReason(WorkloadEnv env) throws Exception {
        return null;
    }

    /** Runs the faulting threads; gives up if the handler dies (closing the uffd then frees its waiters). */
    private static void touchAll(Scenario s, int threads, Thread handler) throws InterruptedException {
        long pages = s.pages();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> ts = new ArrayList<>(threads);
        for (int t = 0; t < threads; t++) {
            int first = t;
            Thread th = new Thread(() -> {
                try {
                    long step = s.everyThreadEveryPage ? 1 : threads;
                    long count = s.everyThreadEveryPage ? pages : (pages - first + threads - 1) / threads;
                    long start = s.everyThreadEveryPage ? first * pages / threads : first;
                    for (long i = 0; i < count; i++) {
                        long p = (start + i * step) % pages;
                        long off = p * s.pageSize;
                        if (s.write) {
                            s.area.writeByte(off, (byte) (p + 1));
                        } else {
                            s.area.readByte(off);
                        }
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }, "toucher-" + t);
            th.setDaemon(true);
            ts.add(th);
            th.start();
        }
        for (Thread th : ts) {
            while (th.isAlive()) {
                th.join(100);
                if (th.isAlive() && !handler.isAlive()) {
                    throw new IllegalStateException("the fault loop stopped while threads still wait for faults");
                }
            }
        }
        if (failure.get() != null) {
            throw new IllegalStateException("a faulting thread failed", failure.get());
        }
    }
}
