package dev.uffdtrace.collector.observe;

import dev.uffdtrace.collector.linux.Mapping;
import dev.uffdtrace.collector.linux.Uapi;
import dev.uffdtrace.collector.linux.Uffd;

/**
 * The owner side of a handoff, run as a child JVM: makes a uffd, registers 16 anonymous pages
 * MISSING, prints "fd address length", and waits for its stdin to close (the receiver is done).
 */
public final class HandoffChild {
    static final int PAGES = 16;

    private HandoffChild() {
    }

    public static void main(String[] args) throws Exception {
        try (Uffd uffd = Uffd.viaSyscall(); Mapping area = Mapping.anonymous(PAGES * 4096L, Uapi.MAP_PRIVATE)) {
            if (!uffd.api(0).ok() || !uffd.register(area.address(), area.length(), Uapi.REGISTER_MODE_MISSING).ok()) {
                System.out.println("failed");
                return;
            }
            System.out.println(uffd.fd() + " " + area.address() + " " + area.length());
            System.out.flush();
            while (System.in.read() >= 0) {
                // until the parent closes our stdin
            }
        }
    }
}
