package dev.uffdtrace.collector.firecracker;

import java.util.List;

/**
 * One recvmsg(2): the data bytes (0 at end of stream), the descriptors that came as SCM_RIGHTS
 * (now owned by the receiver), and whether the kernel cut ancillary data it had no room for.
 */
record Received(int bytes, List<Integer> fds, boolean controlTruncated) {
    Received {
        fds = List.copyOf(fds);
    }
}
