package dev.uffdtrace.collector.workload;

import dev.uffdtrace.analyzer.trace.MemType;
import dev.uffdtrace.collector.linux.Fd;
import dev.uffdtrace.collector.linux.Mapping;
import dev.uffdtrace.collector.linux.NativeException;
import dev.uffdtrace.collector.linux.RegisterAnswer;
import dev.uffdtrace.collector.linux.Sys;
import dev.uffdtrace.collector.linux.Uapi;
import dev.uffdtrace.collector.loop.ResolvePolicy;
import dev.uffdtrace.collector.loop.UffdSession;

/** Memory set-ups shared by the workloads, and the one way they open and register a session. */
final class MemorySetups {
    static final long PAGE = 4096;
    static final long HUGE_PAGE = 2L << 20;

    private MemorySetups() {
    }

    /** The byte a workload stores in page {@code p} (never 0, so a zero page is told apart). */
    static byte pattern(long p) {
        return (byte) (p % 251 + 1);
    }

    /**
     * Anonymous private memory registered MISSING and resolved by the zero page, emptied again
     * (MADV_DONTNEED) between rounds: the zeropage workload's memory, and the fault storm's.
     */
    static Scenario anonymousZeropage(WorkloadEnv env, String workload) throws Exception {
        long len = env.params().pages() * PAGE;
        Mapping area = Mapping.anonymous(len, Uapi.MAP_PRIVATE);
        Scenario s = register(env, area, MemType.ANON, PAGE, Uapi.REGISTER_MODE_MISSING, 0, ResolvePolicy.zeropage(),
                false, workload);
        s.reset = () -> Sys.madvise(area.address(), len, Uapi.MADV_DONTNEED);
        return s;
    }

    /**
     * Opens a session asking for {@code features}, registers the whole {@code area} with
     * {@code modes} and wraps it in a scenario; closes what it made if any step fails.
     */
    static Scenario register(WorkloadEnv env, Mapping area, MemType mem, long pageSize, long modes, long features,
                             ResolvePolicy policy, boolean write, String label) throws Exception {
        UffdSession session = null;
        try {
            session = UffdSession.open(env.host(), env.outbox(), UffdSession.VIA_SYSCALL, features);
            if (!session.apiOk()) {
                throw new NativeException("ioctl(UFFDIO_API)", session.api().errno());
            }
            RegisterAnswer a = session.register(area.address(), area.length(), mem, pageSize, modes, label);
            if (!a.ok()) {
                throw new NativeException("ioctl(UFFDIO_REGISTER)", a.errno());
            }
            Scenario s = new Scenario(session, area, pageSize, policy, write);
            s.own(area);
            return s;
        } catch (Exception e) {
            if (session != null) {
                session.close();
            }
            area.close();
            throw e;
        }
    }

    static Mapping populatedShared(Fd fd, long len, long pageSize) throws NativeException {
        Mapping fill = Mapping.file(fd, len, Uapi.MAP_SHARED);
        for (long p = 0; p < len / pageSize; p++) {
            fill.writeByte(p * pageSize, pattern(p));
        }
        return fill;
    }
}
