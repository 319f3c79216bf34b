package dev.uffdtrace.collector.firecracker;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import dev.uffdtrace.collector.linux.NativeException;

/** poll(2) over a fixed set of descriptors, the pollfd array allocated once. Not thread-safe. */
final class Poller {
    private static final int EINTR = 4;

    private final Memory fds;
    private final int count;

    /** {@code fdsAndEvents}: pairs of (fd, events). */
    Poller(int... fdsAndEvents) {
        if (fdsAndEvents.length == 0 || fdsAndEvents.length % 2 != 0) {
            throw new IllegalArgumentException("fdsAndEvents: pairs of fd and events expected");
        }
        count = fdsAndEvents.length / 2;
        fds = new Memory((long) count * SocketLayouts.POLLFD_SIZE);
        for (int i = 0; i < count; i++) {
            long base = (long) i * SocketLayouts.POLLFD_SIZE;
            fds.setInt(base + SocketLayouts.POLLFD_FD, fdsAndEvents[2 * i]);
            fds.setShort(base + SocketLayouts.POLLFD_EVENTS, (short) fdsAndEvents[2 * i + 1]);
        }
    }

    /** Waits up to {@code timeoutMillis}; the number of ready descriptors, 0 on timeout or EINTR. */
    int poll(int timeoutMillis) throws NativeException {
        for (int i = 0; i < count; i++) {
            fds.setShort((long) i * SocketLayouts.POLLFD_SIZE + SocketLayouts.POLLFD_REVENTS, (short) 0);
        }
        try {
            return FcLibc.poll(fds, count, timeoutMillis);
        } catch (LastErrorException e) {
            if (e.getErrorCode() == EINTR) {
                return 0;
            }
            throw new NativeException("poll", e.getErrorCode());
        }
    }

    /** The revents of descriptor {@code i} after the last {@link #poll}. */
    int revents(int i) {
        return fds.getShort((long) i * SocketLayouts.POLLFD_SIZE + SocketLayouts.POLLFD_REVENTS) & 0xffff;
    }
}
