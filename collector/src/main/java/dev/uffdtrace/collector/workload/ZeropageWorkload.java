package dev.uffdtrace.collector.workload;

import dev.uffdtrace.analyzer.trace.MemType;
import dev.uffdtrace.collector.linux.Mapping;
import dev.uffdtrace.collector.linux.Sys;
import dev.uffdtrace.collector.linux.Uapi;
import dev.uffdtrace.collector.loop.ResolvePolicy;

/** Anonymous private memory registered MISSING; reads fault and the handler maps the zero page. */
public final class ZeropageWorkload extends FaultingWorkload {
    @Override
    public String name() {
        return "zeropage";
    }

    @Override
    Scenario setUp(WorkloadEnv env) throws Exception {
        long len = env.params().pages() * MemorySetups.PAGE;
        Mapping area = Mapping.anonymous(len, Uapi.MAP_PRIVATE);
        Scenario s = MemorySetups.register(env, area, MemType.ANON, MemorySetups.PAGE, Uapi.REGISTER_MODE_MISSING, 0,
                ResolvePolicy.zeropage(), false, name());
        s.reset = () -> Sys.madvise(area.address(), len, Uapi.MADV_DONTNEED);
        s.verify = () -> {
            for (long p = 0; p < s.pages(); p++) {
                if (area.readByte(p * MemorySetups.PAGE + 17) != 0) {
                    throw new IllegalStateException("page " + p + " is not zero-filled");
                }
            }
        };
        return s;
    }
}
