package dev.uffdtrace.collector.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.uffdtrace.collector.linux.NativeAssumptions;
import dev.uffdtrace.collector.loop.HostIdentity;
import dev.uffdtrace.collector.publish.EventOutbox;
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
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The collector's zeropage workload, faults per second, with the observer off, with
 * {@code observe --counters} and with {@code observe --out FILE}, interleaved in one run. Only with
 * -Dobserve.bench=true; prints Markdown tables (the figures of src/main/bpf/OBSERVE-BENCH.md).
 *
 * <p>The workload (the handler being observed and its faulting threads) runs in this JVM; the
 * observer runs as an operator runs it, {@code uffdtrace observe --pid THIS_JVM} in a process of
 * its own ({@link ObserverProcess}). Each observed run is: start the observer, an idle window, the
 * workload, an idle window, SIGTERM, after a warm-up run of the workload the observer sees
 * ({@code -Dobserve.bench.warmup.millis}, 2000; 0 to measure a freshly started observer, whose JIT
 * compiler then takes more CPU than its reader). The BPF programs' time during the workload less the idle
 * windows' rate is what observing the workload cost in the kernel (see {@link BpfWindow}); the raw
 * figure, which includes every other process's reads, ioctls and page faults meanwhile, is printed
 * beside it.
 *
 * <p>{@code -Dobserve.bench.before.cp=OTHER/collector/target/classes:OTHER/analyzer/target/classes}
 * adds that build's observer to every round (counters_before, full_before): a comparison in one
 * run. {@code -Dobserve.bench.pin=true} runs the workload on CPU 0 and the observer on CPU 1 (see
 * {@link #PIN}).
 */
class ObserveBenchIT {
    private static final int ROUNDS = Integer.getInteger("observe.bench.rounds", 5);
    private static final Duration EACH = Duration.ofSeconds(Long.getLong("observe.bench.seconds", 3));
    /** A workload run the observer sees before the measured one: its JIT compiles then, not in the measurement. */
    private static final Duration WARMUP = Duration.ofMillis(Long.getLong("observe.bench.warmup.millis", 2000));
    private static final Duration IDLE = Duration.ofMillis(Long.getLong("observe.bench.idle.millis", 1000));
    private static final int PAGES = Integer.getInteger("observe.bench.pages", 8192);
    private static final int THREADS = Integer.getInteger("observe.bench.threads", 1);
    /** Another build's classes (its collector and analyzer target/classes): its observer runs as the _BEFORE modes. */
    private static final String BEFORE_CP = System.getProperty("observe.bench.before.cp");
    /**
     * The workload (this JVM) on CPU 0, the observer on CPU 1: the observer's reader and writer then
     * neither take CPU from the handler nor, by keeping its CPU awake, speed up its wake-ups (on this
     * VM an idle CPU wakes slowly), so the added time is what the programs and tracepoints cost inline.
     */
    private static final boolean PIN = Boolean.getBoolean("observe.bench.pin");
    /**
     * kernel.bpf_stats_enabled during the runs (default on). Each program run then pays two clock
     * reads (63-89 ns here), in the wall time too, so a build that runs more, cheaper programs per
     * fault (the raw syscall tracepoints: every syscall) is charged more for the statistics;
     * {@code -Dobserve.bench.bpfstats=false} measures the wall time without them (BPF columns 0).
     */
    private static final boolean BPF_STATS = Boolean.parseBoolean(System.getProperty("observe.bench.bpfstats", "true"));

    @TempDir
    Path dir;

    @Test
    void zeropageFaultsPerSecond() throws Exception {
        assumeTrue(Boolean.getBoolean("observe.bench"), "benchmark: run with -Dobserve.bench=true");
        NativeAssumptions.assumeUserfaultfd();
        BpfAssumptions.assumeObserverCanRun();
        HostIdentity host = HostIdentity.current();
        String loadBefore = Files.readString(Path.of("/proc/loadavg")).trim();
        List<BenchSample> samples = new ArrayList<>();
        List<BenchSample.Mode> modes = Arrays.stream(BenchSample.Mode.values())
                .filter(m -> BEFORE_CP != null || !m.before()).toList();
        if (PIN) {
            // every thread of this JVM; threads started later inherit it
            Process p = new ProcessBuilder("taskset", "-a", "-p", "1", Long.toString(ProcessHandle.current().pid()))
                    .redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            assertThat(p.waitFor()).as("taskset").isZero();
        }
        try (BpfStats stats = BpfStats.set(BPF_STATS)) {
            run(host, BenchSample.Mode.OFF, -1); // warm-up (JIT), not counted
            for (int round = 0; round < ROUNDS; round++) {
                for (BenchSample.Mode m : modes) {
                    samples.add(run(host, m, round));
                }
            }
        }
        String header = String.format("zeropage, %d pages, %d faulting thread(s); observer in its own process;"
                + " medians of %d interleaved runs of %d s after %d ms of warm-up; %s; bpf_stats %s;"
                + " load average before: %s, after: %s%n%n", PAGES, THREADS, ROUNDS, EACH.toSeconds(),
                WARMUP.toMillis(), PIN ? "workload on CPU 0, observer on CPU 1" : "not pinned", BPF_STATS ? "on" : "off",
                loadBefore,
                Files.readString(Path.of("/proc/loadavg")).trim());
        String tables = header + BenchTables.summary(samples) + "\n" + BenchTables.perProgram(samples) + "\n"
                + BenchTables.observerThreads(samples);
        System.out.println(tables);
        Files.writeString(Path.of(System.getProperty("observe.bench.out", dir.resolve("bench.md").toString())), tables);
        assertThat(samples).allMatch(s -> s.faults() > 0);
    }

    private BenchSample run(HostIdentity host, BenchSample.Mode mode, int round) throws Exception {
        WorkloadParams params = new WorkloadParams(PAGES, THREADS, EACH);
        if (mode == BenchSample.Mode.OFF) {
            long cpu0 = processCpuNanos();
            WorkloadResult r = workload(host, params);
            return BenchSample.off(round, r, processCpuNanos() - cpu0);
        }
        Path trace = dir.resolve("observed-" + mode + ".jsonl");
        List<String> args = new ArrayList<>(List.of("--pid", Long.toString(ProcessHandle.current().pid())));
        args.addAll(mode.counters() ? List.of("--counters") : List.of("--out", trace.toString()));
        WorkloadResult r;
        BpfWindow idle;
        BpfWindow busy;
        long cpu;
        long observerCpu;
        Map<String, Long> threads;
        JsonNode summary;
        try (ObserverProcess o = ObserverProcess.start(args, mode.before() ? BEFORE_CP : null, PIN ? "1" : null)) {
            if (!WARMUP.isZero()) {
                workload(host, new WorkloadParams(PAGES, THREADS, WARMUP));
            }
            BpfStats.Snapshot s0 = BpfStats.snapshot();
            Thread.sleep(IDLE.toMillis());
            BpfStats.Snapshot s1 = BpfStats.snapshot();
            long cpu0 = processCpuNanos();
            long ocpu0 = o.cpuNanos();
            Map<String, Long> threads0 = o.cpuNanosByThread();
            r = workload(host, params);
            cpu = processCpuNanos() - cpu0;
            observerCpu = o.cpuNanos() - ocpu0;
            threads = new TreeMap<>(o.cpuNanosByThread());
            threads0.forEach((name, t) -> threads.merge(name, -t, Long::sum));
            BpfStats.Snapshot s2 = BpfStats.snapshot();
            Thread.sleep(IDLE.toMillis());
            BpfStats.Snapshot s3 = BpfStats.snapshot();
            summary = new ObjectMapper().readTree(o.stop());
            idle = s1.since(s0).plus(s3.since(s2));
            busy = s2.since(s1);
        }
        Files.deleteIfExists(trace);
        return new BenchSample(mode, round, r.faults(), r.faultsPerSecond(), cpu, observerCpu, threads, busy,
                busy.lessBackground(idle), summary.path("records").asLong(), summary.path("lost").asLong());
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
}
