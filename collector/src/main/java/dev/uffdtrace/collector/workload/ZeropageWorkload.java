package dev.uffdtrace.collector.workload;

/** Anonymous private memory registered MISSING; reads fault and the handler maps the zero page. */
public final class ZeropageWorkload extends FaultingWorkload {
    @Override
    public String name() {
        return "zeropage";
    }

    @Override
    Scenario setUp(WorkloadEnv env) throws Exception {
        Scenario s = MemorySetups.anonymousZeropage(env, name());
        s.verify = () -> {
            for (long p = 0; p < s.pages(); p++) {
                if (s.area.readByte(p * MemorySetups.PAGE + 17) != 0) {
                    throw new IllegalStateException("page " + p + " is not zero-filled");
                }
            }
        };
        return s;
    }
}
