package dev.uffdtrace.collector.observe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The run time of observe's BPF programs, from {@code bpftool -j prog show} with
 * kernel.bpf_stats_enabled on (benchmark only; 0 when bpftool is missing).
 */
final class BpfStats implements AutoCloseable {
    private static final Path SYSCTL = Path.of("/proc/sys/kernel/bpf_stats_enabled");
    private static final Set<String> PROGRAMS = Set.of("enter_userfaultfd", "exit_userfaultfd", "enter_ioctl",
            "exit_ioctl", "enter_read", "exit_read", "enter_close", "page_fault_user", "process_exit");
    private final String before;

    private BpfStats(String before) {
        this.before = before;
    }

    static BpfStats enable() throws IOException {
        String before = Files.readString(SYSCTL).trim();
        Files.writeString(SYSCTL, "1");
        return new BpfStats(before);
    }

    /** Sum of run_time_ns over the loaded programs with observe's names (prog names are cut at 15 chars). */
    static long runTimeNanos() throws IOException, InterruptedException {
        if (!Files.isExecutable(Path.of("/usr/sbin/bpftool"))) {
            return 0;
        }
        Process p = new ProcessBuilder("/usr/sbin/bpftool", "-j", "prog", "show").redirectErrorStream(false).start();
        byte[] out = p.getInputStream().readAllBytes();
        p.waitFor(10, TimeUnit.SECONDS);
        long sum = 0;
        for (JsonNode prog : new ObjectMapper().readTree(out)) {
            String name = prog.path("name").asText();
            if (!name.isEmpty() && PROGRAMS.stream().anyMatch(full -> full.startsWith(name))) {
                sum += prog.path("run_time_ns").asLong();
            }
        }
        return sum;
    }

    @Override
    public void close() throws IOException {
        Files.writeString(SYSCTL, before);
    }
}
