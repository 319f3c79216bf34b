package dev.uffdtrace.collector.workload;

import dev.uffdtrace.analyzer.trace.MemType;
import dev.uffdtrace.collector.linux.Fd;
import dev.uffdtrace.collector.linux.Mapping;
import dev.uffdtrace.collector.linux.Uapi;
import dev.uffdtrace.collector.loop.ResolvePolicy;

/**
 * Write-protect dirty tracking: populate every page, register WP, write-protect the whole area,
 * then writes fault ([WRITE, WP]) and the handler un-protects the page (the dirty page is
 * "recorded" by its fault). {@code shmem}: the same on a MAP_SHARED memfd ("wp-shmem").
 */
public final class WpWorkload extends FaultingWorkload {
    private final boolean shmem;

    public WpWorkload(boolean shmem) {
        this.shmem = shmem;
    }

    @Override
    public String name() {
        return shmem ? "wp-shmem" : "wp";
    }

    @Override
    Scenario setUp(WorkloadEnv env) throws Exception {
        long len = env.params().pages() * MemorySetups.PAGE;
        Fd memfd = shmem ? Fd.memfd("uffdtrace-wp", len, 0) : null;
        Mapping area;
        try {
            area = shmem ? Mapping.file(memfd, len, Uapi.MAP_SHARED) : Mapping.anonymous(len, Uapi.MAP_PRIVATE);
            area.fill(0, len, (byte) 0x55);
        } catch (Exception e) {
            if (memfd != null) {
                memfd.close();
            }
            throw e;
        }
        Scenario s;
        try {
            s = MemorySetups.register(env, area, shmem ? MemType.SHMEM : MemType.ANON, MemorySetups.PAGE,
                    Uapi.REGISTER_MODE_WP, 0, ResolvePolicy.zeropage(), true, name());
        } catch (Exception e) {
            if (memfd != null) {
                memfd.close();
            }
            throw e;
        }
        if (memfd != null) {
            s.own(memfd);
        }
        Scenario.Step protect = () -> {
            if (!s.session.writeprotect(area.address(), len, Uapi.WRITEPROTECT_MODE_WP).ok()) {
                throw new IllegalStateException("UFFDIO_WRITEPROTECT of the whole area failed");
            }
        };
        protect.run();
        s.reset = protect;
        s.verify = () -> {
            for (long p = 0; p < s.pages(); p++) {
                if (area.readByte(p * MemorySetups.PAGE) != (byte) (p + 1)) {
                    throw new IllegalStateException("the write to page " + p + " did not land");
                }
            }
        };
        return s;
    }
}
