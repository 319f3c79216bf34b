package dev.uffdtrace.collector.observe;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The effective capabilities of this process ({@code CapEff} of /proc/self/status), to say "not
 * permitted" before libbpf tries: tracing needs CAP_SYS_ADMIN, or CAP_BPF with CAP_PERFMON.
 */
record Capabilities(long effective) {
    static final int CAP_SYS_ADMIN = 21;
    static final int CAP_PERFMON = 38;
    static final int CAP_BPF = 39;

    static Capabilities current() {
        try {
            return parse(Files.readString(Path.of("/proc/self/status")));
        } catch (IOException e) {
            return new Capabilities(-1); // unknown: let the kernel decide
        }
    }

    /** From the text of /proc/PID/status; all bits set when there is no CapEff line. */
    static Capabilities parse(String status) {
        for (String line : status.split("\n")) {
            if (line.startsWith("CapEff:")) {
                return new Capabilities(Long.parseUnsignedLong(line.substring(7).trim(), 16));
            }
        }
        return new Capabilities(-1);
    }

    boolean has(int cap) {
        return (effective & (1L << cap)) != 0;
    }

    boolean mayTrace() {
        return has(CAP_SYS_ADMIN) || has(CAP_BPF) && has(CAP_PERFMON);
    }
}
