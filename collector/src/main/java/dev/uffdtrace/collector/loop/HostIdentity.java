package dev.uffdtrace.collector.loop;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Who is collecting: host name, pid, kernel release and boot id, read once from /proc. Hands out
 * ctx ids {@code host:pid:n:bootid}, unique across hosts (host), processes (pid), uffds of one
 * process (n) and reboots (boot id, since pids repeat after a reboot).
 */
public final class HostIdentity {
    private final String host;
    private final long pid;
    private final String kernel;
    private final String bootId;
    private final AtomicLong nextUffd = new AtomicLong();

    public HostIdentity(String host, long pid, String kernel, String bootId) {
        this.host = host;
        this.pid = pid;
        this.kernel = kernel;
        this.bootId = bootId;
    }

    /** This process on this host, from /proc/sys/kernel/{hostname,osrelease,random/boot_id}. */
    public static HostIdentity current() throws IOException {
        return new HostIdentity(proc("hostname"), ProcessHandle.current().pid(), proc("osrelease"),
                proc("random/boot_id"));
    }

    private static String proc(String name) throws IOException {
        return Files.readString(Path.of("/proc/sys/kernel", name)).trim();
    }

    /** A new ctx id for the next uffd of this process. */
    public String newCtx() {
        return host + ":" + pid + ":" + nextUffd.getAndIncrement() + ":" + bootId;
    }

    public String host() {
        return host;
    }

    public long pid() {
        return pid;
    }

    public String kernel() {
        return kernel;
    }

    public String bootId() {
        return bootId;
    }
}
