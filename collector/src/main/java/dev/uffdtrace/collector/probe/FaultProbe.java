package dev.uffdtrace.collector.probe;

import dev.uffdtrace.analyzer.trace.MemType;
import dev.uffdtrace.collector.linux.Mapping;
import dev.uffdtrace.collector.linux.NativeException;
import dev.uffdtrace.collector.linux.Uapi;
import dev.uffdtrace.collector.loop.FaultLoop;
import dev.uffdtrace.collector.loop.ResolvePolicy;
import dev.uffdtrace.collector.loop.UffdSession;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Real faults of each kind on one memory kind, with no features negotiated (SIGBUS or WP_ASYNC
 * would change what faults deliver): registered MISSING|WP (plus MINOR where the kind has a page
 * cache), a second thread reads page 0 (missing-read), writes page 1 (missing-write), writes the
 * populated and write-protected page 2 (wp) and reads page 3, present only in the page cache
 * (minor). The probe thread serves each fault with the fault loop.
 */
final class FaultProbe {
    private static final Logger LOG = LoggerFactory.getLogger(FaultProbe.class);
    private static final int PAGES = 4;
    private static final long WAIT_NANOS = 2_000_000_000L;

    private FaultProbe() {
    }

    static boolean applies(MemoryKind k) {
        MemType b = k.mem().backing();
        return k.touchable() && (b == MemType.ANON || b == MemType.SHMEM || b == MemType.HUGETLB);
    }

    static void run(UffdSession s, MemoryKind kind) throws Exception {
        List<Thread> stuck = new ArrayList<>();
        try (ProbeArea a = kind.factory().map(PAGES); Mapping src = Mapping.anonymous(a.pageSize, Uapi.MAP_PRIVATE)) {
            src.fill(0, a.pageSize, (byte) 0x55);
            boolean minor = a.hasCache() && kind.mem() != MemType.HUGETLB_PRIVATE;
            if (minor) {
                a.populateCache(3);
            }
            a.area.writeByte(2 * a.pageSize, (byte) 1);
            long modes = Uapi.REGISTER_MODE_MISSING | Uapi.REGISTER_MODE_WP | (minor ? Uapi.REGISTER_MODE_MINOR : 0);
            if (!s.register(a.area.address(), a.area.length(), kind.mem(), a.pageSize, modes, kind.label() + "-faults")
                    .ok()) {
                return;
            }
            s.writeprotect(a.page(2), a.pageSize, Uapi.WRITEPROTECT_MODE_WP);
            try (FaultLoop loop = new FaultLoop(s, ResolvePolicy.copyFrom((offset, pageSize) -> src.address()))) {
                fault(loop, () -> a.area.readByte(0), stuck);
                fault(loop, () -> a.area.writeByte(a.pageSize, (byte) 2), stuck);
                fault(loop, () -> a.area.writeByte(2 * a.pageSize, (byte) 3), stuck);
                if (minor) {
                    fault(loop, () -> a.area.readByte(3 * a.pageSize), stuck);
                }
            }
            s.unregister(a.area.address(), a.area.length());
        } finally {
            if (!stuck.isEmpty()) {
                s.close(); // wakes the stuck threads: their access then completes without the uffd
                for (Thread t : stuck) {
                    t.join();
                }
            }
        }
    }

    /** Runs {@code access} on a new thread and serves the uffd until it is done (or gives up after 2 s). */
    private static void fault(FaultLoop loop, Runnable access, List<Thread> stuck) throws NativeException,
            InterruptedException {
        Thread t = new Thread(access, "probe-fault");
        t.setDaemon(true);
        t.start();
        long deadline = System.nanoTime() + WAIT_NANOS;
        while (t.isAlive() && System.nanoTime() < deadline) {
            loop.serveOnce(20);
        }
        t.join(100);
        if (t.isAlive()) {
            LOG.warn("a probe fault was not resolved within 2 s; it is released when the uffd closes");
            stuck.add(t);
        }
    }
}
