package dev.uffdtrace.collector.firecracker;

/** The connected peer's {@code struct ucred} (SO_PEERCRED): who the VMM is. */
public record PeerCredentials(int pid, int uid, int gid) {
}
