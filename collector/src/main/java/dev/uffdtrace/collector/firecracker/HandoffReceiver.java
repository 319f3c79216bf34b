package dev.uffdtrace.collector.firecracker;

import com.sun.jna.Memory;
import dev.uffdtrace.collector.linux.NativeException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the one message a VMM sends on connecting: the regions JSON with the uffd as SCM_RIGHTS.
 * A stream socket may split the JSON, so bytes are gathered until they parse as a whole
 * document, the peer hangs up, the buffer is full or the deadline passes.
 */
final class HandoffReceiver {
    static final int MAX_MESSAGE = 64 * 1024;

    /** The regions and the uffd descriptor (now ours) of an accepted handoff. */
    record Accepted(List<GuestRegion> regions, int uffdFd, long negotiatedFeatures) {
    }

    private HandoffReceiver() {
    }

    /** Receives and checks the handoff; on refusal every received descriptor is closed. */
    static Accepted receive(UnixSocket connection, long memFileSize, int timeoutMillis)
            throws HandoffException, NativeException {
        Memory buf = new Memory(MAX_MESSAGE);
        byte[] bytes = new byte[MAX_MESSAGE];
        List<Integer> fds = new ArrayList<>();
        try {
            int length = gather(connection, buf, bytes, fds, timeoutMillis);
            List<GuestRegion> regions = Handoff.parse(bytes, length, memFileSize);
            if (fds.isEmpty()) {
                throw new HandoffException("no uffd attached to the regions message (SCM_RIGHTS missing)");
            }
            if (fds.size() > 1) {
                throw new HandoffException("expected one fd with the regions message, got " + fds.size());
            }
            long features = UffdFdInfo.negotiatedFeatures(fds.get(0));
            return new Accepted(regions, fds.get(0), features);
        } catch (HandoffException | NativeException | RuntimeException e) {
            fds.forEach(UnixSocket::closeFd);
            throw e;
        }
    }

    private static int gather(UnixSocket connection, Memory buf, byte[] bytes, List<Integer> fds, int timeoutMillis)
            throws HandoffException, NativeException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        int length = 0;
        while (length == 0 || Handoff.incomplete(bytes, length)) {
            int left = (int) Math.max(0, (deadline - System.nanoTime()) / 1_000_000L);
            if (left == 0) {
                throw new HandoffException("no complete regions message within " + timeoutMillis + " ms");
            }
            if (length == MAX_MESSAGE) {
                throw new HandoffException("regions message larger than " + MAX_MESSAGE + " bytes");
            }
            Received r = connection.receive(buf, length, MAX_MESSAGE - length, left).orElse(null);
            if (r == null) {
                continue;
            }
            fds.addAll(r.fds());
            if (r.controlTruncated()) {
                throw new HandoffException("more fds attached than the " + UnixSocket.MAX_FDS + " accepted");
            }
            if (r.bytes() == 0) {
                throw new HandoffException(length == 0 ? "connection closed without a regions message"
                        : "connection closed in the middle of the regions message");
            }
            buf.read(length, bytes, length, r.bytes());
            length += r.bytes();
        }
        return length;
    }
}
