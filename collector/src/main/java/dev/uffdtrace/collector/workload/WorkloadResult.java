package dev.uffdtrace.collector.workload;

/**
 * What a run measured, the fields of ref-handler.c's output line: page faults read, the seconds
 * the faulting threads ran, and service-time percentiles (read of the message to the return of
 * the resolving ioctl). {@code cpuNanos} is the CPU time the whole process used meanwhile (every
 * thread: faulting, fault loop, publishing, the Kafka client's, GC and JIT), so that what a
 * faults/s figure cost shows beside it. {@code skipped} names why the workload could not run here,
 * else null.
 */
public record WorkloadResult(String workload, long faults, double seconds, long svcP50Nanos, long svcP99Nanos,
                             long cpuNanos, String skipped) {
    public static WorkloadResult skipped(String workload, String reason) {
        return new WorkloadResult(workload, 0, 0, 0, 0, 0, reason);
    }

    /** A workload that makes no page faults of its own (it records calls and answers only). */
    public static WorkloadResult noFaults(String workload) {
        return new WorkloadResult(workload, 0, 0, 0, 0, 0, null);
    }

    /** Process CPU nanoseconds per fault; 0 without faults. */
    public long cpuNanosPerFault() {
        return faults > 0 ? cpuNanos / faults : 0;
    }

    public double faultsPerSecond() {
        return seconds > 0 ? faults / seconds : 0;
    }
}
