package dev.uffdtrace.collector.firecracker;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import dev.uffdtrace.collector.linux.NativeException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A Unix stream socket through JNA (listen, accept, connect, send and receive with SCM_RIGHTS,
 * SO_PEERCRED). One thread at a time uses a socket; errors are {@link NativeException}s naming
 * the call.
 */
public final class UnixSocket implements AutoCloseable {
    /** At most this many descriptors are taken from one message; more is a protocol error. */
    static final int MAX_FDS = 4;
    private static final int EINTR = 4;
    private static final int ECONNREFUSED = 111;

    private final int fd;
    private boolean closed;

    private UnixSocket(int fd) {
        this.fd = fd;
    }

    /**
     * Binds and listens on {@code path} with mode 0600. A stale socket file there is replaced;
     * any other kind of file is left alone and refused. The chmod comes after bind and before
     * listen: until listen, every connect is refused, so no one connects through a wider mode.
     */
    public static UnixSocket listen(Path path, int backlog) throws IOException {
        removeStaleSocket(path);
        UnixSocket s = new UnixSocket(newSocket());
        try {
            Memory addr = sockaddr(path);
            call("bind(" + path + ")", () -> FcLibc.bind(s.fd, addr, SocketLayouts.SOCKADDR_UN_SIZE));
            call("chmod(" + path + ")", () -> FcLibc.chmod(path.toString(), 0600));
            call("listen", () -> FcLibc.listen(s.fd, backlog));
            return s;
        } catch (IOException e) {
            s.close();
            throw e;
        }
    }

    /** Connects to the socket at {@code path}. */
    public static UnixSocket connect(Path path) throws IOException {
        UnixSocket s = new UnixSocket(newSocket());
        try {
            Memory addr = sockaddr(path);
            call("connect(" + path + ")", () -> FcLibc.connect(s.fd, addr, SocketLayouts.SOCKADDR_UN_SIZE));
            return s;
        } catch (IOException e) {
            s.close();
            throw e;
        }
    }

    /**
     * A socket file nobody listens on (a handler that died) is removed; one that accepts a
     * connection belongs to a running handler and is kept, as is any file that is not a socket.
     */
    private static void removeStaleSocket(Path path) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!a.isOther()) {
            throw new IOException(path + " exists and is not a socket; not replacing it");
        }
        try (UnixSocket probe = connect(path)) {
            throw new IOException(path + " is in use: something is listening on it");
        } catch (NativeException e) {
            if (e.errno() != ECONNREFUSED) {
                throw e;
            }
        }
        Files.delete(path);
    }

    private static int newSocket() throws NativeException {
        try {
            return FcLibc.socket(SocketLayouts.AF_UNIX, SocketLayouts.SOCK_STREAM | SocketLayouts.SOCK_CLOEXEC, 0);
        } catch (LastErrorException e) {
            throw new NativeException("socket(AF_UNIX)", e.getErrorCode());
        }
    }

    private static Memory sockaddr(Path path) {
        byte[] p = path.toString().getBytes(StandardCharsets.UTF_8);
        if (p.length >= SocketLayouts.SUN_PATH_MAX) {
            throw new IllegalArgumentException("socket path: at most " + (SocketLayouts.SUN_PATH_MAX - 1)
                    + " bytes, was " + p.length + " (" + path + ")");
        }
        Memory m = new Memory(SocketLayouts.SOCKADDR_UN_SIZE);
        m.clear();
        m.setShort(SocketLayouts.SUN_FAMILY, (short) SocketLayouts.AF_UNIX);
        m.write(SocketLayouts.SUN_PATH, p, 0, p.length);
        return m;
    }

    @FunctionalInterface
    private interface Call {
        long run() throws LastErrorException;
    }

    /** Runs a call, retrying EINTR; its result, or NativeException naming {@code name}. */
    private static long call(String name, Call c) throws NativeException {
        while (true) {
            try {
                return c.run();
            } catch (LastErrorException e) {
                if (e.getErrorCode() != EINTR) {
                    throw new NativeException(name, e.getErrorCode());
                }
            }
        }
    }

    public int fd() {
        return fd;
    }

    /** Waits up to {@code timeoutMillis} for a connection; empty on timeout. */
    public Optional<UnixSocket> accept(int timeoutMillis) throws NativeException {
        Poller p = new Poller(fd, SocketLayouts.POLLIN);
        if (p.poll(timeoutMillis) == 0) {
            return Optional.empty();
        }
        int c = (int) call("accept4", () -> FcLibc.accept4(fd, null, null, SocketLayouts.SOCK_CLOEXEC));
        return Optional.of(new UnixSocket(c));
    }

    /** SO_PEERCRED of a connected socket. */
    public PeerCredentials peerCredentials() throws NativeException {
        Memory cred = new Memory(SocketLayouts.UCRED_SIZE);
        Memory len = new Memory(4);
        len.setInt(0, SocketLayouts.UCRED_SIZE);
        call("getsockopt(SO_PEERCRED)", () -> FcLibc.getsockopt(fd, SocketLayouts.SOL_SOCKET,
                SocketLayouts.SO_PEERCRED, cred, len));
        return new PeerCredentials(cred.getInt(SocketLayouts.UCRED_PID), cred.getInt(SocketLayouts.UCRED_UID),
                cred.getInt(SocketLayouts.UCRED_GID));
    }

    /**
     * Waits up to {@code timeoutMillis} for data, then one recvmsg into {@code buf} at
     * {@code offset}: empty on timeout. Received descriptors get O_CLOEXEC.
     */
    Optional<Received> receive(Memory buf, long offset, int capacity, int timeoutMillis) throws NativeException {
        Poller p = new Poller(fd, SocketLayouts.POLLIN);
        if (p.poll(timeoutMillis) == 0) {
            return Optional.empty();
        }
        int controlSize = SocketLayouts.cmsgSpace(4 * MAX_FDS);
        Memory control = new Memory(controlSize);
        control.clear();
        Memory iov = new Memory(SocketLayouts.IOVEC_SIZE);
        iov.setPointer(SocketLayouts.IOV_BASE, buf.share(offset));
        iov.setLong(SocketLayouts.IOV_LEN, capacity);
        Memory msg = new Memory(SocketLayouts.MSGHDR_SIZE);
        msg.clear();
        msg.setPointer(SocketLayouts.MSG_IOV, iov);
        msg.setLong(SocketLayouts.MSG_IOVLEN, 1);
        msg.setPointer(SocketLayouts.MSG_CONTROL, control);
        msg.setLong(SocketLayouts.MSG_CONTROLLEN, controlSize);
        long n = call("recvmsg", () -> FcLibc.recvmsg(fd, msg, SocketLayouts.MSG_CMSG_CLOEXEC));
        boolean truncated = (msg.getInt(SocketLayouts.MSG_FLAGS) & SocketLayouts.MSG_CTRUNC) != 0;
        return Optional.of(new Received((int) n, rights(control, msg.getLong(SocketLayouts.MSG_CONTROLLEN)),
                truncated));
    }

    /** The descriptors of every SCM_RIGHTS message in the first {@code length} bytes of {@code control}. */
    private static List<Integer> rights(Memory control, long length) {
        List<Integer> fds = new ArrayList<>();
        long off = 0;
        while (off + SocketLayouts.CMSG_DATA <= length) {
            long len = control.getLong(off + SocketLayouts.CMSG_LEN);
            if (len < SocketLayouts.CMSG_DATA || off + len > length) {
                break;
            }
            if (control.getInt(off + SocketLayouts.CMSG_LEVEL) == SocketLayouts.SOL_SOCKET
                    && control.getInt(off + SocketLayouts.CMSG_TYPE) == SocketLayouts.SCM_RIGHTS) {
                for (long d = SocketLayouts.CMSG_DATA; d + 4 <= len; d += 4) {
                    fds.add(control.getInt(off + d));
                }
            }
            off += (len + 7) & ~7L;
        }
        return fds;
    }

    /** Sends {@code data} in one sendmsg, with {@code passFd} as SCM_RIGHTS unless it is negative. */
    public void send(byte[] data, int passFd) throws NativeException {
        Memory buf = new Memory(Math.max(1, data.length));
        buf.write(0, data, 0, data.length);
        Memory iov = new Memory(SocketLayouts.IOVEC_SIZE);
        iov.setPointer(SocketLayouts.IOV_BASE, buf);
        iov.setLong(SocketLayouts.IOV_LEN, data.length);
        Memory msg = new Memory(SocketLayouts.MSGHDR_SIZE);
        msg.clear();
        msg.setPointer(SocketLayouts.MSG_IOV, iov);
        msg.setLong(SocketLayouts.MSG_IOVLEN, 1);
        if (passFd >= 0) {
            int space = SocketLayouts.cmsgSpace(4);
            Memory control = new Memory(space);
            control.clear();
            control.setLong(SocketLayouts.CMSG_LEN, SocketLayouts.cmsgLen(4));
            control.setInt(SocketLayouts.CMSG_LEVEL, SocketLayouts.SOL_SOCKET);
            control.setInt(SocketLayouts.CMSG_TYPE, SocketLayouts.SCM_RIGHTS);
            control.setInt(SocketLayouts.CMSG_DATA, passFd);
            msg.setPointer(SocketLayouts.MSG_CONTROL, control);
            msg.setLong(SocketLayouts.MSG_CONTROLLEN, space);
        }
        long n = call("sendmsg", () -> FcLibc.sendmsg(fd, msg, SocketLayouts.MSG_NOSIGNAL));
        if (n != data.length) {
            throw new NativeException("sendmsg (short write of " + n + " of " + data.length + " bytes)", 5);
        }
    }

    /** Closes a descriptor this process received and does not keep. */
    static void closeFd(int fd) {
        try {
            FcLibc.close(fd);
        } catch (LastErrorException e) {
            // already gone: nothing else to release
        }
    }

    @Override
    public void close() throws NativeException {
        if (!closed) {
            closed = true;
            call("close", () -> FcLibc.close(fd));
        }
    }
}
