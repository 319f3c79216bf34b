package dev.uffdtrace.collector.observe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The run time and run count of each of observe's BPF programs, from {@code bpftool -j prog show}
 * with kernel.bpf_stats_enabled on (benchmark only; no programs when bpftool is missing).
 *
 * <pre>
 *   try (BpfStats on = BpfStats.set(true)) {
 *       Snapshot s0 = BpfStats.snapshot();
 *       ... run ...
 *       BpfWindow w = BpfStats.snapshot().since(s0);
 *   }
 * </pre>
 */
final class BpfStats implements AutoCloseable {
    private static final Path SYSCTL = Path.of("/proc/sys/kernel/bpf_stats_enabled");
    private static final Path BPFTOOL = Path.of("/usr/sbin/bpftool");
    /**
     * The programs of observe.bpf.c by their full names (the kernel keeps the first 15 characters),
     * then those of the builds before the raw tracepoints (one per syscall tracepoint), so that a
     * before/after run ({@code -Dobserve.bench.before.cp}) measures both.
     */
    static final List<String> PROGRAMS = List.of("sys_enter", "sys_exit", "page_fault_user", "process_exit",
            "enter_userfaultfd", "exit_userfaultfd", "enter_ioctl", "exit_ioctl", "exit_read", "enter_close");
    private final String before;

    /** Run time (ns) and number of runs of one program, or of one program over a window. */
    record RunTime(long nanos, long runs) {
        RunTime minus(RunTime o) {
            return new RunTime(nanos - o.nanos, runs - o.runs);
        }
    }

    /** Every observe program's totals at one moment ({@link System#nanoTime()}). */
    record Snapshot(long takenNanos, Map<String, RunTime> programs) {
        BpfWindow since(Snapshot earlier) {
            Map<String, RunTime> d = new TreeMap<>();
            programs.forEach((name, t) -> d.put(name, t.minus(earlier.programs.getOrDefault(name, new RunTime(0, 0)))));
            return new BpfWindow((takenNanos - earlier.takenNanos) / 1e9, d);
        }
    }

    private BpfStats(String before) {
        this.before = before;
    }

    /**
     * Statistics on or off until closed. Off, the programs' run time is not kept (0) and costs
     * nothing: on, every program run pays two clock reads, which the wall time then includes.
     */
    static BpfStats set(boolean on) throws IOException {
        String before = Files.readString(SYSCTL).trim();
        Files.writeString(SYSCTL, on ? "1" : "0");
        return new BpfStats(before);
    }

    static Snapshot snapshot() throws IOException, InterruptedException {
        if (!Files.isExecutable(BPFTOOL)) {
            return new Snapshot(System.nanoTime(), Map.of());
        }
        Process p = new ProcessBuilder(BPFTOOL.toString(), "-j", "prog", "show").start();
        byte[] out = p.getInputStream().readAllBytes();
        p.waitFor(10, TimeUnit.SECONDS);
        return new Snapshot(System.nanoTime(), parse(new ObjectMapper().readTree(out)));
    }

    /** Sums per observe program; a program loaded twice (two observers) counts once per copy. */
    static Map<String, RunTime> parse(JsonNode progs) {
        Map<String, RunTime> sums = new TreeMap<>();
        for (JsonNode prog : progs) {
            String name = prog.path("name").asText();
            for (String full : PROGRAMS) {
                if (!name.isEmpty() && full.startsWith(name)) {
                    RunTime t = new RunTime(prog.path("run_time_ns").asLong(), prog.path("run_cnt").asLong());
                    sums.merge(full, t, (a, b) -> new RunTime(a.nanos() + b.nanos(), a.runs() + b.runs()));
                }
            }
        }
        return sums;
    }

    @Override
    public void close() throws IOException {
        Files.writeString(SYSCTL, before);
    }
}
