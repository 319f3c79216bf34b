package dev.uffdtrace.collector.workload;

import dev.uffdtrace.analyzer.trace.MemType;
import dev.uffdtrace.collector.linux.Fd;
import dev.uffdtrace.collector.linux.Kvm;
import dev.uffdtrace.collector.linux.Mapping;
import dev.uffdtrace.collector.linux.NativeException;
import dev.uffdtrace.collector.linux.Uapi;
import dev.uffdtrace.collector.loop.UffdSession;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Registration attempts on the host mapping of a KVM guest_memfd (GUEST_MEMFD_FLAG_MMAP |
 * INIT_SHARED). Stock 6.18 refuses every mode (EINVAL) except WP alone with WP_ASYNC negotiated;
 * the workload records each attempt, then write-protects and un-protects the async WP range and
 * writes to it (WP_ASYNC: the kernel resolves, no message).
 */
public final class GuestMemfdWorkload implements Workload {
    static final long[] MODE_SETS = {1, 2, 3, 4, 5, 6, 7};

    @Override
    public String name() {
        return "guest-memfd";
    }

    @Override
    public WorkloadResult run(WorkloadEnv env) throws Exception {
        if (!Files.isWritable(Path.of("/dev/kvm"))) {
            return WorkloadResult.skipped(name(), "no writable /dev/kvm");
        }
        long len = Math.max(1, Math.min(env.params().pages(), 256)) * MemorySetups.PAGE;
        try (Kvm kvm = Kvm.open();
             Fd gmem = kvm.createGuestMemfd(len, Uapi.GUEST_MEMFD_FLAG_MMAP | Uapi.GUEST_MEMFD_FLAG_INIT_SHARED);
             Mapping area = Mapping.file(gmem, len, Uapi.MAP_SHARED)) {
            try (UffdSession plain = UffdSession.open(env.host(), env.outbox(), UffdSession.VIA_SYSCALL, 0)) {
                for (long modes : MODE_SETS) {
                    plain.register(area.address(), len, MemType.GUEST_MEMFD, MemorySetups.PAGE, modes, name());
                }
            }
            try (UffdSession async = UffdSession.open(env.host(), env.outbox(), UffdSession.VIA_SYSCALL,
                    Uapi.FEATURE_WP_ASYNC)) {
                async.register(area.address(), len, MemType.GUEST_MEMFD, MemorySetups.PAGE, Uapi.REGISTER_MODE_MISSING,
                        name());
                if (async.register(area.address(), len, MemType.GUEST_MEMFD, MemorySetups.PAGE, Uapi.REGISTER_MODE_WP,
                        name()).ok()) {
                    async.writeprotect(area.address(), len, Uapi.WRITEPROTECT_MODE_WP);
                    area.writeByte(0, (byte) 1);
                    async.writeprotect(area.address(), len, 0);
                    async.unregister(area.address(), len);
                }
            }
        } catch (NativeException e) {
            if (e.call().startsWith("ioctl(KVM_") || e.call().startsWith("open(/dev/kvm")) {
                return WorkloadResult.skipped(name(), "no guest_memfd here: " + e.getMessage());
            }
            throw e;
        }
        return WorkloadResult.noFaults(name());
    }
}
