package dev.uffdtrace.collector.workload;

import dev.uffdtrace.analyzer.trace.MemType;
import dev.uffdtrace.collector.linux.Mapping;
import dev.uffdtrace.collector.linux.Sys;
import dev.uffdtrace.collector.linux.Uapi;
import dev.uffdtrace.collector.loop.ResolvePolicy;

/**
 * T threads read every page of one anonymous MISSING region, each starting at its own offset:
 * concurrent faults on the same pages, so batches carry duplicates and late messages meet EEXIST.
 */
public final class StormWorkload extends FaultingWorkload {
    @Override
    public String name() {
        return "storm";
    }

    @Override
    Scenario setUp(WorkloadEnv env) throws Exception {
        long len = env.params().pages() * MemorySetups.PAGE;
        Mapping area = Mapping.anonymous(len, Uapi.MAP_PRIVATE);
        Scenario s = MemorySetups.register(env, area, MemType.ANON, MemorySetups.PAGE, Uapi.REGISTER_MODE_MISSING, 0,
                ResolvePolicy.zeropage(), false, name());
        s.everyThreadEveryPage = true;
        s.reset = () -> Sys.madvise(area.address(), len, Uapi.MADV_DONTNEED);
        return s;
    }
}
