package dev.uffdtrace.collector.linux;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;

/**
 * One userfaultfd file descriptor and its ioctls. The calls that a trace records return the
 * kernel's answer (errno, written-back count) instead of throwing: a rejection is data. Only
 * creation and close throw {@link NativeException}.
 *
 * <p>Not thread-safe: the argument buffer is allocated once and reused by every call, so one
 * thread at a time (the fault loop, or the probe) drives a Uffd.
 */
public final class Uffd implements AutoCloseable {
    private final int fd;
    private final Memory arg = new Memory(64);
    private boolean closed;

    private Uffd(int fd) {
        this.fd = fd;
    }

    /**
     * userfaultfd(2) with O_CLOEXEC|O_NONBLOCK. Where that is not permitted (no CAP_SYS_PTRACE and
     * vm.unprivileged_userfaultfd=0), retries with UFFD_USER_MODE_ONLY, which such a process may
     * create and which serves every fault the collector's workloads make (user-mode accesses).
     */
    public static Uffd viaSyscall() throws NativeException {
        int flags = Uapi.O_CLOEXEC | Uapi.O_NONBLOCK;
        try {
            return new Uffd(Sys.userfaultfdSyscall(flags));
        } catch (NativeException e) {
            if (e.errno() != Errno.EPERM) {
                throw e;
            }
            return new Uffd(Sys.userfaultfdSyscall(flags | Uapi.UFFD_USER_MODE_ONLY));
        }
    }

    /** open("/dev/userfaultfd") + USERFAULTFD_IOC_NEW with O_CLOEXEC|O_NONBLOCK (6.1+). */
    public static Uffd viaDevice() throws NativeException {
        int dev = Sys.open("/dev/userfaultfd", Uapi.O_RDWR);
        try {
            Pointer flags = new Pointer(Uapi.O_CLOEXEC | Uapi.O_NONBLOCK);
            return new Uffd(Sys.ioctlChecked("ioctl(USERFAULTFD_IOC_NEW)", dev, IoctlNumbers.USERFAULTFD_IOC_NEW, flags));
        } finally {
            Sys.close(dev);
        }
    }

    /** Takes ownership of a uffd the kernel handed over (the fd of a FORK message). */
    public static Uffd adopt(int fd) {
        if (fd < 0) {
            throw new IllegalArgumentException("fd: must be >= 0, was " + fd);
        }
        return new Uffd(fd);
    }

    public int fd() {
        return fd;
    }

    /** UFFDIO_API asking for {@code features}. */
    public ApiAnswer api(long features) {
        arg.setLong(Layouts.UffdioApi.API, Uapi.UFFD_API);
        arg.setLong(Layouts.UffdioApi.FEATURES, features);
        arg.setLong(Layouts.UffdioApi.IOCTLS, 0);
        long r = Sys.ioctl(fd, IoctlNumbers.UFFDIO_API, arg);
        return new ApiAnswer(r < 0 ? (int) -r : 0, arg.getLong(Layouts.UffdioApi.FEATURES),
                arg.getLong(Layouts.UffdioApi.IOCTLS));
    }

    /** UFFDIO_REGISTER of {@code [start, start+len)} with REGISTER_MODE_* bits. */
    public RegisterAnswer register(long start, long len, long modeBits) {
        arg.setLong(Layouts.UffdioRegister.START, start);
        arg.setLong(Layouts.UffdioRegister.LEN, len);
        arg.setLong(Layouts.UffdioRegister.MODE, modeBits);
        arg.setLong(Layouts.UffdioRegister.IOCTLS, 0);
        long r = Sys.ioctl(fd, IoctlNumbers.UFFDIO_REGISTER, arg);
        return r < 0 ? new RegisterAnswer((int) -r, 0) : new RegisterAnswer(0, arg.getLong(Layouts.UffdioRegister.IOCTLS));
    }

    public int unregister(long start, long len) {
        return range(IoctlNumbers.UFFDIO_UNREGISTER, start, len);
    }

    public RangeAnswer wake(long start, long len) {
        long t0 = System.nanoTime();
        int errno = range(IoctlNumbers.UFFDIO_WAKE, start, len);
        return new RangeAnswer(errno, null, System.nanoTime() - t0);
    }

    public RangeAnswer copy(long dst, long src, long len, long mode) {
        arg.setLong(Layouts.UffdioCopy.DST, dst);
        arg.setLong(Layouts.UffdioCopy.SRC, src);
        arg.setLong(Layouts.UffdioCopy.LEN, len);
        arg.setLong(Layouts.UffdioCopy.MODE, mode);
        arg.setLong(Layouts.UffdioCopy.COPY, 0);
        return fill(IoctlNumbers.UFFDIO_COPY, Layouts.UffdioCopy.COPY);
    }

    public RangeAnswer zeropage(long start, long len, long mode) {
        return rangeFill(IoctlNumbers.UFFDIO_ZEROPAGE, start, len, mode, Layouts.UffdioZeropage.ZEROPAGE);
    }

    public RangeAnswer continueRange(long start, long len, long mode) {
        return rangeFill(IoctlNumbers.UFFDIO_CONTINUE, start, len, mode, Layouts.UffdioContinue.MAPPED);
    }

    public RangeAnswer poison(long start, long len, long mode) {
        return rangeFill(IoctlNumbers.UFFDIO_POISON, start, len, mode, Layouts.UffdioPoison.UPDATED);
    }

    public RangeAnswer move(long dst, long src, long len, long mode) {
        arg.setLong(Layouts.UffdioMove.DST, dst);
        arg.setLong(Layouts.UffdioMove.SRC, src);
        arg.setLong(Layouts.UffdioMove.LEN, len);
        arg.setLong(Layouts.UffdioMove.MODE, mode);
        arg.setLong(Layouts.UffdioMove.MOVE, 0);
        return fill(IoctlNumbers.UFFDIO_MOVE, Layouts.UffdioMove.MOVE);
    }

    /** UFFDIO_WRITEPROTECT: {@code mode} WRITEPROTECT_MODE_WP protects, without it un-protects. */
    public RangeAnswer writeprotect(long start, long len, long mode) {
        arg.setLong(Layouts.UffdioWriteprotect.START, start);
        arg.setLong(Layouts.UffdioWriteprotect.LEN, len);
        arg.setLong(Layouts.UffdioWriteprotect.MODE, mode);
        long t0 = System.nanoTime();
        long r = Sys.ioctl(fd, IoctlNumbers.UFFDIO_WRITEPROTECT, arg);
        return new RangeAnswer(r < 0 ? (int) -r : 0, null, System.nanoTime() - t0);
    }

    /**
     * Reads whole uffd_msg records into {@code buf}: the byte count, 0 when none is queued
     * (EAGAIN on the non-blocking fd), or throws on any other error.
     */
    public int read(Pointer buf, int capacity) throws NativeException {
        long n = Sys.read(fd, buf, capacity);
        if (n == -Errno.EAGAIN) {
            return 0;
        }
        if (n < 0) {
            throw new NativeException("read(uffd)", (int) -n);
        }
        return (int) n;
    }

    private RangeAnswer rangeFill(long request, long start, long len, long mode, int writtenOffset) {
        arg.setLong(0, start);
        arg.setLong(8, len);
        arg.setLong(16, mode);
        arg.setLong(writtenOffset, 0);
        return fill(request, writtenOffset);
    }

    private RangeAnswer fill(long request, int writtenOffset) {
        long t0 = System.nanoTime();
        long r = Sys.ioctl(fd, request, arg);
        long dur = System.nanoTime() - t0;
        return new RangeAnswer(r < 0 ? (int) -r : 0, arg.getLong(writtenOffset), dur);
    }

    private int range(long request, long start, long len) {
        arg.setLong(Layouts.UffdioRange.START, start);
        arg.setLong(Layouts.UffdioRange.LEN, len);
        long r = Sys.ioctl(fd, request, arg);
        return r < 0 ? (int) -r : 0;
    }

    /** Closing wakes every fault still waiting on this uffd (the kernel's rule). */
    @Override
    public void close() throws NativeException {
        if (!closed) {
            closed = true;
            arg.close();
            Sys.close(fd);
        }
    }
}
