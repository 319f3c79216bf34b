package dev.uffdtrace.collector.linux;

import java.io.IOException;

/**
 * A native call failed: carries the call ({@code ioctl(UFFDIO_REGISTER)}) and the errno, and says
 * both in its message ({@code "ioctl(UFFDIO_REGISTER): EINVAL"}).
 */
public final class NativeException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String call;
    private final int errno;

    public NativeException(String call, int errno) {
        super(call + ": " + Errno.name(errno));
        this.call = call;
        this.errno = errno;
    }

    public String call() {
        return call;
    }

    public int errno() {
        return errno;
    }

    public String errnoName() {
        return Errno.name(errno);
    }
}
