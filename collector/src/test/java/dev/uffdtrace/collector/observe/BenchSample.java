package dev.uffdtrace.collector.observe;

import dev.uffdtrace.collector.workload.WorkloadResult;
import java.util.Map;

/**
 * One run of {@link ObserveBenchIT}.
 *
 * @param round        which round of the interleaved runs (the off run of the same round is its pair)
 * @param cpuNanos     the workload JVM's CPU time (user + system) during the workload: the BPF
 *                     programs run in the workload's syscalls and faults
 * @param observerCpuNanos the observer process's CPU time meanwhile (its reader, mapping and JSON writer)
 * @param observerCpuByThread {@code observerCpuNanos} by thread name
 * @param host         observe's programs during the workload, every process of the host included
 * @param workload     {@code host} less the idle windows' background: the programs' time on the workload
 * @param records      ring-buffer records the observer read (0 with --counters, which prints none)
 * @param lost         records the kernel dropped, as the observer reported them
 */
record BenchSample(Mode mode, int round, long faults, double faultsPerSecond, long cpuNanos, long observerCpuNanos,
                   Map<String, Long> observerCpuByThread, BpfWindow host, BpfWindow workload, long records,
                   long lost) {

    /** The _BEFORE modes: another build's observer (-Dobserve.bench.before.cp), run in the same rounds. */
    enum Mode {
        OFF, COUNTERS, FULL, COUNTERS_BEFORE, FULL_BEFORE;

        boolean counters() {
            return this == COUNTERS || this == COUNTERS_BEFORE;
        }

        boolean before() {
            return this == COUNTERS_BEFORE || this == FULL_BEFORE;
        }
    }

    static BenchSample off(int round, WorkloadResult r, long cpuNanos) {
        BpfWindow none = new BpfWindow(Math.max(r.seconds(), 1e-9), Map.of());
        return new BenchSample(Mode.OFF, round, r.faults(), r.faultsPerSecond(), cpuNanos, 0, Map.of(), none, none,
                0, 0);
    }

    double cpuNanosPerFault() {
        return cpuNanos / (double) faults;
    }

    double observerCpuNanosPerFault() {
        return observerCpuNanos / (double) faults;
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
