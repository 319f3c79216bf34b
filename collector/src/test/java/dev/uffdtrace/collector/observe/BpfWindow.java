package dev.uffdtrace.collector.observe;

import dev.uffdtrace.collector.observe.BpfStats.RunTime;
import java.util.Map;
import java.util.TreeMap;

/**
 * What observe's programs ran during {@code seconds} of wall time, per program.
 *
 * <p>The syscall and page-fault tracepoints run the programs for every process of the host, so
 * a window around a workload also holds other processes' syscalls and page faults (another
 * build, another uffd program), each at least an early exit. {@link #lessBackground} takes out the
 * rate measured in idle windows just before and after (the observer attached, the workload not
 * running), which leaves the time the programs spent on the workload itself, and on what runs
 * only while the workload does: the observer's own reads and writes (it polls the ring faster and
 * writes the trace then) are early exits counted here although they run on its CPU, not inline.
 */
record BpfWindow(double seconds, Map<String, RunTime> programs) {
    BpfWindow {
        if (seconds <= 0) {
            throw new IllegalArgumentException("seconds: must be > 0, was " + seconds);
        }
        programs = Map.copyOf(programs);
    }

    /** The two windows as one (their times and runs added), e.g. the idle windows before and after. */
    BpfWindow plus(BpfWindow o) {
        Map<String, RunTime> sum = new TreeMap<>(programs);
        o.programs.forEach((name, t) -> sum.merge(name, t,
                (a, b) -> new RunTime(a.nanos() + b.nanos(), a.runs() + b.runs())));
        return new BpfWindow(seconds + o.seconds, sum);
    }

    /**
     * Per program, this window less {@code idle}'s rate over this window's length; never below 0
     * (a busier background in the idle window than in this one would otherwise hide real cost).
     */
    BpfWindow lessBackground(BpfWindow idle) {
        double scale = seconds / idle.seconds;
        Map<String, RunTime> left = new TreeMap<>();
        programs.forEach((name, t) -> {
            RunTime bg = idle.programs.getOrDefault(name, new RunTime(0, 0));
            left.put(name, new RunTime(Math.max(0, Math.round(t.nanos() - bg.nanos() * scale)),
                    Math.max(0, Math.round(t.runs() - bg.runs() * scale))));
        });
        return new BpfWindow(seconds, left);
    }

    long totalNanos() {
        return programs.values().stream().mapToLong(RunTime::nanos).sum();
    }
}
