package dev.uffdtrace.collector.workload;

/**
 * What a run measured, the fields of ref-handler.c's output line: page faults read, the seconds
 * the faulting threads ran, and service-time percentiles (read of the message to the return of
 * the resolving ioctl). {@code skipped} names why the workload could not run here, else null.
 */
public record WorkloadResult(String workload, long faults, double seconds, long svcP50Nanos, long svcP99Nanos,
                             String skipped) {
    public static WorkloadResult skipped(String workload, String reason) {
        return new WorkloadResult(workload, 0, 0, 0, 0, reason);
    }

    public double faultsPerSecond() {
        return seconds > 0 ? faults / seconds : 0;
    }
}
