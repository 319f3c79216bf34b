package dev.uffdtrace.collector.observe;

import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;

/** The Markdown tables of {@link ObserveBenchIT}: medians per mode, and the BPF time per program. */
final class BenchTables {
    private static final BenchSample.Mode[] OBSERVED = {BenchSample.Mode.COUNTERS, BenchSample.Mode.FULL_NULL,
        BenchSample.Mode.FULL};

    private BenchTables() {
    }

    static String summary(List<BenchSample> samples) {
        StringBuilder t = new StringBuilder("| observer | faults/s | wall ns per fault | CPU ns per fault (process)"
                + " | BPF ns per fault (workload) | BPF ns per fault (whole host) | records | lost | faults/s of each run |\n"
                + "|---|---|---|---|---|---|---|---|---|\n");
        double offRate = median(samples, BenchSample.Mode.OFF, BenchSample::faultsPerSecond);
        double offWall = median(samples, BenchSample.Mode.OFF, BenchSample::wallNanosPerFault);
        double offCpu = median(samples, BenchSample.Mode.OFF, BenchSample::cpuNanosPerFault);
        for (BenchSample.Mode m : BenchSample.Mode.values()) {
            double rate = median(samples, m, BenchSample::faultsPerSecond);
            double wall = median(samples, m, BenchSample::wallNanosPerFault);
            double cpu = median(samples, m, BenchSample::cpuNanosPerFault);
            t.append(String.format(Locale.ROOT, "| %s | %.0f (%+.1f%%) | %.0f (%+.0f) | %.0f (%+.0f) | %.0f | %.0f | %d | %d | %s |%n",
                    m.name().toLowerCase(Locale.ROOT), rate, 100 * (rate - offRate) / offRate, wall, wall - offWall,
                    cpu, cpu - offCpu, median(samples, m, BenchSample::bpfNanosPerFault),
                    median(samples, m, BenchSample::bpfHostNanosPerFault),
                    of(samples, m).mapToLong(BenchSample::records).sum(),
                    of(samples, m).mapToLong(BenchSample::lost).sum(),
                    of(samples, m).map(s -> Long.toString(Math.round(s.faultsPerSecond()))).toList()));
        }
        return t.toString();
    }

    /** Median ns per fault and runs per fault of each program on the workload (background taken out). */
    static String perProgram(List<BenchSample> samples) {
        StringBuilder t = new StringBuilder("| program | counters: ns/fault (runs/fault) | full_null | full |\n"
                + "|---|---|---|---|\n");
        for (String p : BpfStats.PROGRAMS) {
            t.append("| ").append(p);
            for (BenchSample.Mode m : OBSERVED) {
                t.append(String.format(Locale.ROOT, " | %.0f (%.2f)", median(samples, m, s -> s.nanosPerFault(p)),
                        median(samples, m, s -> s.runsPerFault(p))));
            }
            t.append(" |\n");
        }
        return t.toString();
    }

    private static Stream<BenchSample> of(List<BenchSample> samples, BenchSample.Mode m) {
        return samples.stream().filter(s -> s.mode() == m);
    }

    static double median(List<BenchSample> samples, BenchSample.Mode m, ToDoubleFunction<BenchSample> f) {
        double[] s = of(samples, m).mapToDouble(f).sorted().toArray();
        if (s.length == 0) {
            return 0;
        }
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
