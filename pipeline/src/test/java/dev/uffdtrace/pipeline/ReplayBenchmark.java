package dev.uffdtrace.pipeline;

import dev.uffdtrace.analyzer.replay.ReplayResult;
import dev.uffdtrace.analyzer.replay.ReplaySettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Measures the bounded Flink replay (local environment) against the direct replay on one generated
 * file; not a test. {@code java -cp <test classpath> dev.uffdtrace.pipeline.ReplayBenchmark DIR [EVENTS [CTXS]]}:
 * a production-shaped trace from the analyzer's generator (valid events, rare misuse).
 */
public final class ReplayBenchmark {
    private ReplayBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        long events = args.length > 1 ? Long.parseLong(args[1]) : 2_000_000;
        int contexts = args.length > 2 ? Integer.parseInt(args[2]) : 1_000;
        Files.createDirectories(dir);
        Path trace = dir.resolve("synth-" + events + "-" + contexts + ".jsonl");
        if (!Files.exists(trace)) {
            generate(trace, events, contexts);
            System.out.printf(Locale.ROOT, "generated %d events, %d MB%n", events, Files.size(trace) >> 20);
        }
        ReplaySettings settings = ReplaySettings.defaults();
        long t0 = System.nanoTime();
        long c0 = cpuNanos();
        ReplayResult direct = FlinkReplayIT.direct(settings, List.of(trace), dir.resolve("direct"));
        report("direct", direct, t0, c0);
        String[] order = (args.length > 3 ? args[3] : "1,2").split(",");
        for (String ps : order) {
            int p = Integer.parseInt(ps);
            long t = System.nanoTime();
            long c = cpuNanos();
            ReplayResult r = FlinkReplay.run(settings, List.of(trace), p, dir.resolve("flink-" + p));
            report("flink p=" + p, r, t, c);
            boolean same = Files.readString(dir.resolve("flink-" + p).resolve("findings.jsonl"))
                    .equals(Files.readString(dir.resolve("direct").resolve("findings.jsonl")))
                    && Files.readString(dir.resolve("flink-" + p).resolve("latency.json"))
                    .equals(Files.readString(dir.resolve("direct").resolve("latency.json")));
            System.out.println("  findings.jsonl and latency.json equal to direct: " + same);
        }
    }

    /** A production-shaped trace from the analyzer's generator (seed 99): valid events, rare misuse. */
    static void generate(Path trace, long events, int contexts) throws java.io.IOException {
        new dev.uffdtrace.analyzer.synth.TraceGenerator(99, events, contexts).writeTo(trace, n -> { });
    }

    /** CPU time of the whole process: the load-independent cost when other work shares the cores. */
    static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static void report(String what, ReplayResult r, long startNanos, long startCpu) {
        double s = (System.nanoTime() - startNanos) / 1e9;
        double cpu = (cpuNanos() - startCpu) / 1e9;
        long records = r.events() + r.invalid() + r.duplicates();
        System.out.printf(Locale.ROOT, "%-12s %,d events (+%d invalid, %d duplicates) in %.1f s wall, %.1f s CPU: "
                        + "%,.0f events/s wall, %,.0f events per CPU-second, %d findings%n",
                what, r.events(), r.invalid(), r.duplicates(), s, cpu, records / s, records / cpu, r.findings().size());
    }
}
