package dev.uffdtrace.collector.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.uffdtrace.collector.linux.NativeAssumptions;
import dev.uffdtrace.collector.loop.HostIdentity;
import dev.uffdtrace.collector.publish.EventOutbox;
import dev.uffdtrace.collector.publish.JsonLinesPublisher;
import dev.uffdtrace.collector.publish.Publishers;
import dev.uffdtrace.collector.publish.QueueOutbox;
import dev.uffdtrace.collector.workload.WorkloadEnv;
import dev.uffdtrace.collector.workload.WorkloadParams;
import dev.uffdtrace.collector.workload.WorkloadResult;
import dev.uffdtrace.collector.workload.Workloads;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The collector's zeropage workload, faults per second, with the observer off, with --counters
 * full with its events discarded, and full (trace to a file), interleaved in one run. Only with -Dobserve.bench=true; prints a
 * Markdown table (the figures of src/main/bpf/OBSERVE-BENCH.md).
 */
class ObserveBenchIT {
    private static final int ROUNDS = Integer.getInteger("observe.bench.rounds", 3);
    private static final Duration EACH = Duration.ofSeconds(Long.getLong("observe.bench.seconds", 4));

    @TempDir
    Path dir;

    /** FULL_NULL: the full observer with its events thrown away (BPF, ring buffer and mapping, no JSON). */
    private enum Mode { OFF, COUNTERS, FULL_NULL, FULL }

    /**
     * @param cpuNanosPerFault this JVM's CPU time (user + system, so the BPF programs run in the
     *                         workload's syscalls too) per fault: steadier than faults/s on a shared host
     * @param bpfNanosPerFault the BPF programs' own run time per fault (kernel.bpf_stats_enabled)
     */
    private record Sample(Mode mode, double faultsPerSecond, double cpuNanosPerFault, double bpfNanosPerFault,
                          long observedRecords, long lost) {
    }

    @Test
    void zeropageFaultsPerSecond() throws Exception {
        assumeTrue(Boolean.getBoolean("observe.bench"), "benchmark: run with -Dobserve.bench=true");
        NativeAssumptions.assumeUserfaultfd();
        assumeTrue(BpfObject.unavailableReason() == null, BpfObject.unavailableReason());
        HostIdentity host = HostIdentity.current();
        List<Sample> samples = new ArrayList<>();
        try (BpfStats stats = BpfStats.enable()) {
            measure(host, samples);
        }
        StringBuilder table = new StringBuilder("| observer | faults/s | CPU ns per fault (process) | BPF ns per fault "
                + "| faults/s of each run |\n|---|---|---|---|---|\n");
        double offRate = median(samples, Mode.OFF, Sample::faultsPerSecond);
        double offCpu = median(samples, Mode.OFF, Sample::cpuNanosPerFault);
        for (Mode m : Mode.values()) {
            double rate = median(samples, m, Sample::faultsPerSecond);
            double cpu = median(samples, m, Sample::cpuNanosPerFault);
            table.append(String.format("| %s | %.0f (%+.1f%%) | %.0f (%+.0f) | %.0f | %s |%n", m.name().toLowerCase(),
                    rate, 100 * (rate - offRate) / offRate, cpu, cpu - offCpu,
                    median(samples, m, Sample::bpfNanosPerFault),
                    samples.stream().filter(x -> x.mode() == m).map(x -> Long.toString(Math.round(x.faultsPerSecond())))
                            .toList()));
        }
        table.append("\nmedians of ").append(ROUNDS).append(" interleaved runs of ").append(EACH.toSeconds())
                .append(" s; lost records in full runs: ")
                .append(samples.stream().filter(x -> x.mode() == Mode.FULL).mapToLong(Sample::lost).sum()).append('\n');
        System.out.println(table);
        Files.writeString(Path.of(System.getProperty("observe.bench.out", dir.resolve("bench.md").toString())), table);
        assertThat(offRate).isPositive();
    }

    private void measure(HostIdentity host, List<Sample> samples) throws Exception {
        run(host, Mode.OFF); // warm-up (JIT), not counted
        for (int round = 0; round < ROUNDS; round++) {
            for (Mode m : Mode.values()) {
                samples.add(run(host, m));
            }
        }
    }

    private Sample run(HostIdentity host, Mode mode) throws Exception {
        WorkloadParams params = new WorkloadParams(1024, 1, EACH);
        long cpu0 = processCpuNanos();
        if (mode == Mode.OFF) {
            WorkloadResult r = workload(host, params);
            return new Sample(mode, r.faultsPerSecond(), (processCpuNanos() - cpu0) / (double) r.faults(), 0, 0, 0);
        }
        Path trace = dir.resolve("observed-" + mode + ".jsonl");
        WorkloadResult r;
        long bpf;
        long records;
        long lost;
        try (EventOutbox out = new QueueOutbox(mode == Mode.FULL ? new JsonLinesPublisher(trace) : Publishers.none(),
                1 << 20)) {
            int self = (int) ProcessHandle.current().pid();
            try (Observer o = Observer.start(host, out, new Observer.Options(self, mode == Mode.COUNTERS, 64))) {
                long bpf0 = BpfStats.runTimeNanos();
                r = workload(host, params);
                o.stop();
                bpf = BpfStats.runTimeNanos() - bpf0;
                records = o.records();
                lost = o.lost();
            }
        } // the outbox has written the JSON: inside the measured CPU time
        double cpu = (processCpuNanos() - cpu0) / (double) r.faults();
        Files.deleteIfExists(trace);
        return new Sample(mode, r.faultsPerSecond(), cpu, bpf / (double) r.faults(), records, lost);
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static WorkloadResult workload(HostIdentity host, WorkloadParams params) throws Exception {
        try (EventOutbox own = new QueueOutbox(Publishers.none(), 1 << 16)) {
            return Workloads.byName("zeropage").run(new WorkloadEnv(host, own, params));
        }
    }

    private static double median(List<Sample> samples, Mode m, java.util.function.ToDoubleFunction<Sample> f) {
        double[] s = samples.stream().filter(x -> x.mode() == m).mapToDouble(f).sorted().toArray();
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
