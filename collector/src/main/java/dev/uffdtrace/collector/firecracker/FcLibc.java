package dev.uffdtrace.collector.firecracker;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

/**
 * The libc calls the handler needs beyond {@code collector.linux}'s: Unix sockets with ancillary
 * data (plain Java channels cannot receive SCM_RIGHTS), poll of several descriptors, chmod, and
 * memcpy (a copy out of uffd-registered memory must fault in native code, never inside the JVM,
 * or a waiting fault would stall a safepoint). Direct-mapped like {@code collector.linux.Libc}.
 */
final class FcLibc {
    static {
        Native.register(Platform.C_LIBRARY_NAME);
    }

    private FcLibc() {
    }

    static native int socket(int domain, int type, int protocol) throws LastErrorException;

    static native int bind(int fd, Pointer addr, int len) throws LastErrorException;

    static native int listen(int fd, int backlog) throws LastErrorException;

    static native int accept4(int fd, Pointer addr, Pointer lenp, int flags) throws LastErrorException;

    static native int connect(int fd, Pointer addr, int len) throws LastErrorException;

    static native long recvmsg(int fd, Pointer msg, int flags) throws LastErrorException;

    static native long sendmsg(int fd, Pointer msg, int flags) throws LastErrorException;

    static native int getsockopt(int fd, int level, int name, Pointer value, Pointer lenp) throws LastErrorException;

    static native int poll(Pointer fds, long nfds, int timeoutMillis) throws LastErrorException;

    static native int chmod(String path, int mode) throws LastErrorException;

    static native int close(int fd) throws LastErrorException;

    static native Pointer memcpy(Pointer dst, Pointer src, long n);
}
