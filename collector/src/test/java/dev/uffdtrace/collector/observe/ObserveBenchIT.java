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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    private record Sample(Mode mode, double faultsPerSecond, long observedRecords, long lost) {
    }

    @Test
    void zeropageFaultsPerSecond() throws Exception {
        assumeTrue(Boolean.getBoolean("observe.bench"), "benchmark: run with -Dobserve.bench=true");
        NativeAssumptions.assumeUserfaultfd();
        assumeTrue(BpfObject.unavailableReason() == null, BpfObject.unavailableReason());
        HostIdentity host = HostIdentity.current();
        List<Sample> samples = new ArrayList<>();
        run(host, Mode.OFF); // warm-up (JIT), not counted
        for (int round = 0; round < ROUNDS; round++) {
            for (Mode m : Mode.values()) {
                samples.add(run(host, m));
            }
        }
        Map<Mode, double[]> byMode = new LinkedHashMap<>();
        for (Mode m : Mode.values()) {
            byMode.put(m, samples.stream().filter(s -> s.mode() == m).mapToDouble(Sample::faultsPerSecond).toArray());
        }
        double off = median(byMode.get(Mode.OFF));
        StringBuilder table = new StringBuilder("| observer | faults/s (median of " + ROUNDS + ") | runs | vs off |\n"
                + "|---|---|---|---|\n");
        for (Map.Entry<Mode, double[]> e : byMode.entrySet()) {
            double med = median(e.getValue());
            table.append(String.format("| %s | %.0f | %s | %+.1f%% |%n", e.getKey().name().toLowerCase(), med,
                    java.util.Arrays.toString(java.util.Arrays.stream(e.getValue()).mapToLong(Math::round).toArray()),
                    100 * (med - off) / off));
        }
        samples.stream().filter(s -> s.mode() == Mode.FULL)
                .forEach(s -> table.append("<!-- full: records=").append(s.observedRecords()).append(" lost=")
                        .append(s.lost()).append(" -->\n"));
        System.out.println(table);
        Files.writeString(Path.of(System.getProperty("observe.bench.out", dir.resolve("bench.md").toString())), table);
        assertThat(off).isPositive();
    }

    private Sample run(HostIdentity host, Mode mode) throws Exception {
        WorkloadParams params = new WorkloadParams(1024, 1, EACH);
        if (mode == Mode.OFF) {
            return new Sample(mode, workload(host, params).faultsPerSecond(), 0, 0);
        }
        Path trace = dir.resolve("observed-" + mode + ".jsonl");
        try (EventOutbox out = new QueueOutbox(mode == Mode.FULL ? new JsonLinesPublisher(trace) : Publishers.none(),
                1 << 20)) {
            int self = (int) ProcessHandle.current().pid();
            try (Observer o = Observer.start(host, out, new Observer.Options(self, mode == Mode.COUNTERS, 64))) {
                WorkloadResult r = workload(host, params);
                o.stop();
                return new Sample(mode, r.faultsPerSecond(), o.records(), o.lost());
            }
        } finally {
            Files.deleteIfExists(trace);
        }
    }

    private static WorkloadResult workload(HostIdentity host, WorkloadParams params) throws Exception {
        try (EventOutbox own = new QueueOutbox(Publishers.none(), 1 << 16)) {
            return Workloads.byName("zeropage").run(new WorkloadEnv(host, own, params));
        }
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        java.util.Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
