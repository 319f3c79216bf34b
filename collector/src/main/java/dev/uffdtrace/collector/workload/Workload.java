package dev.uffdtrace.collector.workload;

/** A named scenario run against the live kernel, recording its uffds' events. */
public interface Workload {
    String name();

    WorkloadResult run(WorkloadEnv env) throws Exception;
}
