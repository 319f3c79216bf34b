package dev.uffdtrace.collector.workload;

import dev.uffdtrace.analyzer.trace.MemType;
import dev.uffdtrace.collector.linux.Fd;
import dev.uffdtrace.collector.linux.HugePages;
import dev.uffdtrace.collector.linux.Mapping;
import dev.uffdtrace.collector.linux.Uapi;
import dev.uffdtrace.collector.loop.UffdSession;

/**
 * Calls a careless program makes, each rejected by the kernel and recorded with its answer:
 * MINOR on anonymous memory, ZEROPAGE on hugetlb (when huge pages are free), CONTINUE on anon,
 * MOVE into shmem, WRITEPROTECT on a range registered without WP. Replayed, it should give
 * REGISTER_MODE_UNSUPPORTED, IOCTL_UNSUPPORTED and IOCTL_MODE_MISMATCH, and no drift.
 */
public final class MisuseWorkload implements Workload {
    private static final long PAGE = MemorySetups.PAGE;

    @Override
    public String name() {
        return "misuse";
    }

    @Override
    public WorkloadResult run(WorkloadEnv env) throws Exception {
        try (UffdSession s = UffdSession.open(env.host(), env.outbox(), UffdSession.VIA_SYSCALL, 0);
             Mapping anon = Mapping.anonymous(4 * PAGE, Uapi.MAP_PRIVATE);
             Mapping src = Mapping.anonymous(PAGE, Uapi.MAP_PRIVATE);
             Fd memfd = Fd.memfd("uffdtrace-misuse", 4 * PAGE, 0);
             Mapping shmem = Mapping.file(memfd, 4 * PAGE, Uapi.MAP_SHARED)) {
            src.fill(0, PAGE, (byte) 3);
            // MINOR needs shmem or hugetlb
            s.register(anon.address(), anon.length(), MemType.ANON, PAGE, Uapi.REGISTER_MODE_MINOR, "anon-minor");
            s.register(anon.address(), anon.length(), MemType.ANON, PAGE, Uapi.REGISTER_MODE_MISSING, "anon");
            // CONTINUE needs page cache: never on anon
            s.continueRange(anon.address(), PAGE, 0);
            // WRITEPROTECT needs a WP registration
            s.writeprotect(anon.address() + PAGE, PAGE, Uapi.WRITEPROTECT_MODE_WP);
            // MOVE is anon-only
            s.register(shmem.address(), shmem.length(), MemType.SHMEM, PAGE, Uapi.REGISTER_MODE_MISSING, "shmem");
            s.move(shmem.address(), src.address(), PAGE, 0);
            if (HugePages.free() >= 1) {
                zeropageOnHugetlb(s);
            }
            s.unregister(anon.address(), anon.length());
            s.unregister(shmem.address(), shmem.length());
        }
        return WorkloadResult.noFaults(name());
    }

    private static void zeropageOnHugetlb(UffdSession s) throws Exception {
        long huge = MemorySetups.HUGE_PAGE;
        try (Fd hfd = Fd.memfd("uffdtrace-misuse-huge", huge, Uapi.MFD_HUGETLB);
             Mapping h = Mapping.file(hfd, huge, Uapi.MAP_SHARED)) {
            if (s.register(h.address(), huge, MemType.HUGETLB, huge, Uapi.REGISTER_MODE_MISSING, "hugetlb").ok()) {
                s.zeropage(h.address(), huge, 0);
                s.unregister(h.address(), huge);
            }
        }
    }
}
