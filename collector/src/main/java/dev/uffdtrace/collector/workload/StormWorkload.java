package dev.uffdtrace.collector.workload;

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
        Scenario s = MemorySetups.anonymousZeropage(env, name());
        s.everyThreadEveryPage = true;
        return s;
    }
}
