package dev.uffdtrace.collector.linux;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

/**
 * Direct-mapped libc calls ({@link Native#register}: ~0.3 µs a call against ~1.1 µs for interface
 * mapping, which matters for the hot read/poll/ioctl path). Every call that can fail declares
 * {@link LastErrorException}; {@link Sys} turns it into errno values and {@link NativeException}.
 * Variadic functions (syscall, open, mremap) are bound with fixed integer arguments, which the
 * x86_64 and aarch64 calling conventions pass exactly like named ones.
 */
final class Libc {
    static {
        Native.register(Platform.C_LIBRARY_NAME);
    }

    private Libc() {
    }

    static native long read(int fd, Pointer buf, long count) throws LastErrorException;

    static native int poll(Pointer fds, long nfds, int timeoutMillis) throws LastErrorException;

    static native int ioctl(int fd, long request, Pointer arg) throws LastErrorException;

    static native long syscall(long number, long arg) throws LastErrorException;

    static native Pointer mmap(Pointer addr, long length, int prot, int flags, int fd, long offset)
            throws LastErrorException;

    static native int munmap(Pointer addr, long length) throws LastErrorException;

    static native Pointer mremap(Pointer oldAddr, long oldSize, long newSize, int flags, Pointer newAddr)
            throws LastErrorException;

    static native int madvise(Pointer addr, long length, int advice) throws LastErrorException;

    static native int memfd_create(String name, int flags) throws LastErrorException;

    static native int ftruncate(int fd, long length) throws LastErrorException;

    static native int open(String path, int flags, int mode) throws LastErrorException;

    static native int close(int fd) throws LastErrorException;

    static native int statfs(String path, Pointer buf) throws LastErrorException;

    static native void _exit(int status);

    static native int waitpid(int pid, Pointer status, int options) throws LastErrorException;

    static native int kill(int pid, int signal) throws LastErrorException;

    static native int getpid();

    static native int gettid();

    static native int clock_gettime(int clockId, Pointer timespec) throws LastErrorException;
}
