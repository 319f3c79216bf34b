package dev.uffdtrace.collector.workload;

import dev.uffdtrace.analyzer.trace.MemType;
import dev.uffdtrace.collector.linux.Fd;
import dev.uffdtrace.collector.linux.Mapping;
import dev.uffdtrace.collector.linux.Sys;
import dev.uffdtrace.collector.linux.Uapi;
import dev.uffdtrace.collector.loop.ResolvePolicy;

/**
 * A shmem memfd whose page cache is filled through a second mapping; the first mapping is
 * registered MINOR, so reads fault on pages that exist but are not mapped there, and the handler
 * maps them with UFFDIO_CONTINUE. A round is undone with MADV_DONTNEED (page cache stays).
 */
public final class ContinueWorkload extends FaultingWorkload {
    @Override
    public String name() {
        return "continue";
    }

    @Override
    Scenario setUp(WorkloadEnv env) throws Exception {
        long len = env.params().pages() * MemorySetups.PAGE;
        Fd memfd = Fd.memfd("uffdtrace-continue", len, 0);
        Mapping fill = null;
        Mapping area = null;
        try {
            fill = MemorySetups.populatedShared(memfd, len, MemorySetups.PAGE);
            area = Mapping.file(memfd, len, Uapi.MAP_SHARED);
        } catch (Exception e) {
            if (fill != null) {
                fill.close();
            }
            memfd.close();
            throw e;
        }
        Scenario s;
        try {
            s = MemorySetups.register(env, area, MemType.SHMEM, MemorySetups.PAGE, Uapi.REGISTER_MODE_MINOR, 0,
                    ResolvePolicy.zeropage(), false, name());
        } catch (Exception e) {
            fill.close();
            memfd.close();
            throw e;
        }
        s.own(memfd);
        s.own(fill);
        Mapping a = area;
        s.reset = () -> Sys.madvise(a.address(), len, Uapi.MADV_DONTNEED);
        s.verify = () -> {
            for (long p = 0; p < s.pages(); p++) {
                if (a.readByte(p * MemorySetups.PAGE) != MemorySetups.pattern(p)) {
                    throw new IllegalStateException("page " + p + " does not show the page cache's bytes");
                }
            }
        };
        return s;
    }
}
