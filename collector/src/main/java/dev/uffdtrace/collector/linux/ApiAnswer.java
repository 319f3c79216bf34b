package dev.uffdtrace.collector.linux;

/**
 * What UFFDIO_API answered: {@code errno} 0 on success; {@code features} is the kernel's whole
 * supported set (not the requested subset), {@code ioctls} the fd-level ioctl mask. Both are 0
 * when the call failed (the kernel zeroes them).
 */
public record ApiAnswer(int errno, long features, long ioctls) {
    public boolean ok() {
        return errno == 0;
    }

    public String result() {
        return Errno.name(errno);
    }
}
