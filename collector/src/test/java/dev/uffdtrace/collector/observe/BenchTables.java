package dev.uffdtrace.collector.observe;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;

/** The Markdown tables of {@link ObserveBenchIT}: medians per mode, and the BPF time per program. */
final class BenchTables {

    private BenchTables() {
    }

    /**
     * Medians per mode. "added" is the wall time per fault over the off runs', two ways: the
     * difference of the medians, and the median of each round's difference with the off run of the
     * same round (which cancels a load that changes between rounds more than within one).
     */
    static String summary(List<BenchSample> samples) {
        StringBuilder t = new StringBuilder("| observer | faults/s | wall ns per fault | added ns per fault (medians)"
                + " | added ns per fault (paired) | workload CPU ns per fault | observer CPU ns per fault"
                + " | BPF ns per fault (workload) | BPF ns per fault (whole host) | records | lost | faults/s of each run |\n"
                + "|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        double offWall = median(samples, BenchSample.Mode.OFF, BenchSample::wallNanosPerFault);
        for (BenchSample.Mode m : present(samples, true)) {
            double wall = median(samples, m, BenchSample::wallNanosPerFault);
            t.append(String.format(Locale.ROOT, "| %s | %.0f | %.0f | %+.0f | %+.0f | %.0f | %.0f | %.0f | %.0f | %d | %d | %s |%n",
                    m.name().toLowerCase(Locale.ROOT), median(samples, m, BenchSample::faultsPerSecond), wall,
                    wall - offWall, pairedAddedNanos(samples, m), median(samples, m, BenchSample::cpuNanosPerFault),
                    median(samples, m, BenchSample::observerCpuNanosPerFault),
                    median(samples, m, BenchSample::bpfNanosPerFault),
                    median(samples, m, BenchSample::bpfHostNanosPerFault),
                    of(samples, m).mapToLong(BenchSample::records).sum(),
                    of(samples, m).mapToLong(BenchSample::lost).sum(),
                    of(samples, m).map(s -> Long.toString(Math.round(s.faultsPerSecond()))).toList()));
        }
        return t.toString();
    }

    /** Median over rounds of (this mode's wall ns per fault - the same round's off run's). */
    static double pairedAddedNanos(List<BenchSample> samples, BenchSample.Mode m) {
        double[] d = of(samples, m).flatMapToDouble(s -> offOf(samples, s.round())
                .stream().mapToDouble(off -> s.wallNanosPerFault() - off.wallNanosPerFault())).sorted().toArray();
        return median(d);
    }

    private static Optional<BenchSample> offOf(List<BenchSample> samples, int round) {
        return of(samples, BenchSample.Mode.OFF).filter(s -> s.round() == round).findFirst();
    }

    /** The modes that ran, in their order; {@code withOff}: the off runs too. */
    private static List<BenchSample.Mode> present(List<BenchSample> samples, boolean withOff) {
        return Arrays.stream(BenchSample.Mode.values())
                .filter(m -> (withOff || m != BenchSample.Mode.OFF) && of(samples, m).findAny().isPresent()).toList();
    }

    private static String header(String first, List<BenchSample.Mode> modes, String unit) {
        StringBuilder t = new StringBuilder("| ").append(first);
        modes.forEach(m -> t.append(" | ").append(m.name().toLowerCase(Locale.ROOT)).append(unit));
        t.append(" |\n|---");
        modes.forEach(m -> t.append("|---"));
        return t.append("|\n").toString();
    }

    /** Median ns per fault and runs per fault of each program on the workload (background taken out). */
    static String perProgram(List<BenchSample> samples) {
        List<BenchSample.Mode> modes = present(samples, false);
        StringBuilder t = new StringBuilder(header("program", modes, ": ns/fault (runs/fault)"));
        for (String p : BpfStats.PROGRAMS) {
            t.append("| ").append(p);
            for (BenchSample.Mode m : modes) {
                t.append(String.format(Locale.ROOT, " | %.0f (%.2f)", median(samples, m, s -> s.nanosPerFault(p)),
                        median(samples, m, s -> s.runsPerFault(p))));
            }
            t.append(" |\n");
        }
        t.append("| **sum**");
        for (BenchSample.Mode m : modes) {
            t.append(String.format(Locale.ROOT, " | **%.0f**", median(samples, m, BenchSample::bpfNanosPerFault)));
        }
        return t.append(" |\n").toString();
    }

    /** The observer's CPU ns per fault by thread name, medians, threads above 1% of the mode's total. */
    static String observerThreads(List<BenchSample> samples) {
        List<BenchSample.Mode> modes = present(samples, false);
        StringBuilder t = new StringBuilder(header("observer thread", modes, ": CPU ns/fault"));
        Set<String> names = new TreeSet<>();
        samples.forEach(s -> names.addAll(s.observerCpuByThread().keySet()));
        for (String name : names) {
            StringBuilder row = new StringBuilder("| ").append(name);
            boolean shown = false;
            for (BenchSample.Mode m : modes) {
                double v = median(samples, m, s -> s.observerCpuByThread().getOrDefault(name, 0L) / (double) s.faults());
                shown |= v > 0.01 * median(samples, m, BenchSample::observerCpuNanosPerFault);
                row.append(String.format(Locale.ROOT, " | %.0f", v));
            }
            if (shown) {
                t.append(row).append(" |\n");
            }
        }
        return t.toString();
    }

    private static Stream<BenchSample> of(List<BenchSample> samples, BenchSample.Mode m) {
        return samples.stream().filter(s -> s.mode() == m);
    }

    static double median(List<BenchSample> samples, BenchSample.Mode m, ToDoubleFunction<BenchSample> f) {
        return median(of(samples, m).mapToDouble(f).sorted().toArray());
    }

    private static double median(double[] sorted) {
        if (sorted.length == 0) {
            return 0;
        }
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
