package dev.uffdtrace.collector.linux;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Pointer;

/**
 * The one place that turns {@link LastErrorException} into errno values or a
 * {@link NativeException} naming the call. EINTR is retried here, for the calls where a retry is
 * the right answer; EAGAIN is returned to the caller (it is loop control for a non-blocking uffd).
 */
public final class Sys {
    private Sys() {
    }

    /** ioctl(2): 0 or the returned value on success, {@code -errno} on failure. */
    public static long ioctl(int fd, long request, Pointer arg) {
        while (true) {
            try {
                return Libc.ioctl(fd, request, arg);
            } catch (LastErrorException e) {
                if (e.getErrorCode() != Errno.EINTR) {
                    return -e.getErrorCode();
                }
            }
        }
    }

    /** ioctl(2) whose failure is an error: the result, or NativeException naming {@code call}. */
    public static int ioctlChecked(String call, int fd, long request, Pointer arg) throws NativeException {
        long r = ioctl(fd, request, arg);
        if (r < 0) {
            throw new NativeException(call, (int) -r);
        }
        return (int) r;
    }

    /** read(2): bytes read, or {@code -errno} (EAGAIN when a non-blocking fd has nothing). */
    public static long read(int fd, Pointer buf, long count) {
        while (true) {
            try {
                return Libc.read(fd, buf, count);
            } catch (LastErrorException e) {
                if (e.getErrorCode() != Errno.EINTR) {
                    return -e.getErrorCode();
                }
            }
        }
    }

    /** poll(2) on one descriptor: the revents, 0 on timeout (EINTR counts as a timeout). */
    public static int pollOne(Pointer pollfd, int timeoutMillis) throws NativeException {
        try {
            int n = Libc.poll(pollfd, 1, timeoutMillis);
            return n == 0 ? 0 : pollfd.getShort(Layouts.PollFd.REVENTS) & 0xffff;
        } catch (LastErrorException e) {
            if (e.getErrorCode() == Errno.EINTR) {
                return 0;
            }
            throw new NativeException("poll", e.getErrorCode());
        }
    }

    /** userfaultfd(2) through syscall(2), the number picked for this architecture. */
    public static int userfaultfdSyscall(int flags) throws NativeException {
        long nr = System.getProperty("os.arch").contains("aarch64")
                ? Uapi.SYS_USERFAULTFD_AARCH64 : Uapi.SYS_USERFAULTFD_X86_64;
        try {
            return (int) Libc.syscall(nr, flags);
        } catch (LastErrorException e) {
            throw new NativeException("userfaultfd", e.getErrorCode());
        }
    }

    public static int open(String path, int flags) throws NativeException {
        try {
            return Libc.open(path, flags | Uapi.O_CLOEXEC, 0600);
        } catch (LastErrorException e) {
            throw new NativeException("open(" + path + ")", e.getErrorCode());
        }
    }

    public static void close(int fd) throws NativeException {
        try {
            Libc.close(fd);
        } catch (LastErrorException e) {
            throw new NativeException("close", e.getErrorCode());
        }
    }

    public static int memfdCreate(String name, int flags) throws NativeException {
        try {
            return Libc.memfd_create(name, flags | Uapi.MFD_CLOEXEC);
        } catch (LastErrorException e) {
            throw new NativeException("memfd_create", e.getErrorCode());
        }
    }

    public static void ftruncate(int fd, long length) throws NativeException {
        try {
            Libc.ftruncate(fd, length);
        } catch (LastErrorException e) {
            throw new NativeException("ftruncate", e.getErrorCode());
        }
    }

    public static long mmap(long addr, long length, int prot, int flags, int fd, long offset) throws NativeException {
        try {
            return Pointer.nativeValue(Libc.mmap(addr == 0 ? null : new Pointer(addr), length, prot, flags, fd, offset));
        } catch (LastErrorException e) {
            throw new NativeException("mmap", e.getErrorCode());
        }
    }

    public static void munmap(long addr, long length) throws NativeException {
        try {
            Libc.munmap(new Pointer(addr), length);
        } catch (LastErrorException e) {
            throw new NativeException("munmap", e.getErrorCode());
        }
    }

    /** mremap(2) with MREMAP_MAYMOVE|MREMAP_FIXED to {@code newAddr}: moves the mapping there. */
    public static long mremapTo(long oldAddr, long oldSize, long newSize, long newAddr) throws NativeException {
        try {
            return Pointer.nativeValue(Libc.mremap(new Pointer(oldAddr), oldSize, newSize,
                    Uapi.MREMAP_MAYMOVE | Uapi.MREMAP_FIXED, new Pointer(newAddr)));
        } catch (LastErrorException e) {
            throw new NativeException("mremap", e.getErrorCode());
        }
    }

    public static void madvise(long addr, long length, int advice) throws NativeException {
        try {
            Libc.madvise(new Pointer(addr), length, advice);
        } catch (LastErrorException e) {
            throw new NativeException("madvise", e.getErrorCode());
        }
    }

    /** statfs(2)'s {@code f_type}: the filesystem's magic number (the first field, a long on 64-bit Linux). */
    public static long filesystemMagic(String path) throws NativeException {
        try (com.sun.jna.Memory buf = new com.sun.jna.Memory(256)) {
            Libc.statfs(path, buf);
            return buf.getLong(0);
        } catch (LastErrorException e) {
            throw new NativeException("statfs(" + path + ")", e.getErrorCode());
        }
    }

    /**
     * A fork of this process whose child calls _exit(0) at once: what makes the kernel send
     * UFFD_EVENT_FORK to a uffd with EVENT_FORK. Made with the raw fork system call, not glibc's
     * fork(): glibc holds its malloc locks across the call, and the call blocks until the uffd's
     * handler reads the FORK message, so a handler thread that mallocs (any JVM thread can) would
     * deadlock with it. x86_64 only (aarch64 has no fork system call). Returns the child's pid to
     * the parent; reap it with {@link #reap}.
     */
    public static int forkChildThatExits() throws NativeException {
        if (!System.getProperty("os.arch").equals("amd64")) {
            throw new UnsupportedOperationException("the raw fork system call is bound for x86_64 only");
        }
        final long sysFork = 57;
        long pid;
        try {
            pid = Libc.syscall(sysFork, 0);
        } catch (LastErrorException e) {
            throw new NativeException("fork", e.getErrorCode());
        }
        if (pid == 0) {
            Libc._exit(0);
        }
        return (int) pid;
    }

    /** Waits up to {@code timeoutMillis} for child {@code pid} to exit, SIGKILLs it after that. */
    public static void reap(int pid, long timeoutMillis) throws NativeException, InterruptedException {
        final int wnohang = 1;
        final int sigkill = 9;
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        try (com.sun.jna.Memory status = new com.sun.jna.Memory(4)) {
            while (true) {
                try {
                    if (Libc.waitpid(pid, status, wnohang) == pid) {
                        return;
                    }
                    if (System.nanoTime() > deadline) {
                        Libc.kill(pid, sigkill);
                        Libc.waitpid(pid, status, 0);
                        return;
                    }
                } catch (LastErrorException e) {
                    throw new NativeException("waitpid", e.getErrorCode());
                }
                Thread.sleep(5);
            }
        }
    }

    public static int pid() {
        return Libc.getpid();
    }

    public static int tid() {
        return Libc.gettid();
    }

    /**
     * CPU time of the whole process (all threads, user and system) in nanoseconds, from
     * CLOCK_PROCESS_CPUTIME_ID: exact, where the JDK's {@code getProcessCpuTime()} counts 10 ms
     * clock ticks on Linux.
     */
    public static long processCpuNanos() throws NativeException {
        try (Memory ts = new Memory(16)) { // struct timespec: tv_sec, tv_nsec (64-bit)
            Libc.clock_gettime(Uapi.CLOCK_PROCESS_CPUTIME_ID, ts);
            return ts.getLong(0) * 1_000_000_000L + ts.getLong(8);
        } catch (LastErrorException e) {
            throw new NativeException("clock_gettime(CLOCK_PROCESS_CPUTIME_ID)", e.getErrorCode());
        }
    }
}
