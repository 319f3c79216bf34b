package dev.uffdtrace.collector.workload;

import dev.uffdtrace.analyzer.trace.MemType;
import dev.uffdtrace.collector.linux.Fd;
import dev.uffdtrace.collector.linux.HugePages;
import dev.uffdtrace.collector.linux.Mapping;
import dev.uffdtrace.collector.linux.Sys;
import dev.uffdtrace.collector.linux.Uapi;
import dev.uffdtrace.collector.loop.ResolvePolicy;

/**
 * A shared hugetlb memfd registered MISSING; each read fault is served by UFFDIO_COPY of a whole
 * 2 MiB page (hugetlb has no ZEROPAGE). Uses at most the free huge pages; skipped without any.
 * A round is undone with MADV_REMOVE, which frees the huge pages so they are missing again.
 */
public final class HugetlbWorkload extends FaultingWorkload {
    private static final byte FILL = 0x5A;

    @Override
    public String name() {
        return "hugetlb";
    }

    @Override
    String skipReason(WorkloadEnv env) throws Exception {
        long free = HugePages.free();
        return free < 1 ? "no free 2 MiB huge pages (HugePages_Free is 0; echo N > /proc/sys/vm/nr_hugepages)" : null;
    }

    @Override
    Scenario setUp(WorkloadEnv env) throws Exception {
        long pages = Math.min(env.params().pages(), HugePages.free());
        long len = pages * MemorySetups.HUGE_PAGE;
        Mapping source = Mapping.anonymous(MemorySetups.HUGE_PAGE, Uapi.MAP_PRIVATE);
        source.fill(0, MemorySetups.HUGE_PAGE, FILL);
        Fd memfd;
        Mapping area;
        try {
            memfd = Fd.memfd("uffdtrace-hugetlb", len, Uapi.MFD_HUGETLB);
        } catch (Exception e) {
            source.close();
            throw e;
        }
        try {
            area = Mapping.file(memfd, len, Uapi.MAP_SHARED);
        } catch (Exception e) {
            source.close();
            memfd.close();
            throw e;
        }
        Scenario s;
        try {
            s = MemorySetups.register(env, area, MemType.HUGETLB, MemorySetups.HUGE_PAGE, Uapi.REGISTER_MODE_MISSING, 0,
                    ResolvePolicy.copyFrom((offset, pageSize) -> source.address()), false, name());
        } catch (Exception e) {
            source.close();
            memfd.close();
            throw e;
        }
        s.own(memfd);
        s.own(source);
        s.reset = () -> Sys.madvise(area.address(), len, Uapi.MADV_REMOVE);
        s.verify = () -> {
            for (long p = 0; p < s.pages(); p++) {
                if (area.readByte(p * MemorySetups.HUGE_PAGE + MemorySetups.HUGE_PAGE - 1) != FILL) {
                    throw new IllegalStateException("huge page " + p + " was not copied");
                }
            }
        };
        return s;
    }
}
