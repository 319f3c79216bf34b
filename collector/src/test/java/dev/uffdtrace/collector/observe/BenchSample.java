package dev.uffdtrace.collector.observe;

import dev.uffdtrace.collector.workload.WorkloadResult;
import java.util.Map;

/**
 * One run of {@link ObserveBenchIT}.
 *
 * @param cpuNanos  this JVM's CPU time (user + system) during the workload: the BPF programs run
 *                  in the workload's syscalls and faults, the reader and the JSON writer in this JVM
 * @param host      observe's programs during the workload, every process of the host included
 * @param workload  {@code host} less the idle windows' background: the programs' time on the workload
 */
record BenchSample(Mode mode, long faults, double faultsPerSecond, long cpuNanos, BpfWindow host,
                   BpfWindow workload, long records, long lost) {

    /** FULL_NULL: the full observer with its events thrown away (BPF, ring buffer and mapping, no JSON). */
    enum Mode { OFF, COUNTERS, FULL_NULL, FULL }

    static BenchSample off(WorkloadResult r, long cpuNanos) {
        BpfWindow none = new BpfWindow(Math.max(r.seconds(), 1e-9), Map.of());
        return new BenchSample(Mode.OFF, r.faults(), r.faultsPerSecond(), cpuNanos, none, none, 0, 0);
    }

    double cpuNanosPerFault() {
        return cpuNanos / (double) faults;
    }

    /** Wall time per fault as the faulting threads saw it (1 / faults per second). */
    double wallNanosPerFault() {
        return 1e9 / faultsPerSecond;
    }

    double bpfNanosPerFault() {
        return workload.totalNanos() / (double) faults;
    }

    double bpfHostNanosPerFault() {
        return host.totalNanos() / (double) faults;
    }

    double nanosPerFault(String program) {
        BpfStats.RunTime t = workload.programs().get(program);
        return t == null ? 0 : t.nanos() / (double) faults;
    }

    double runsPerFault(String program) {
        BpfStats.RunTime t = workload.programs().get(program);
        return t == null ? 0 : t.runs() / (double) faults;
    }
}
