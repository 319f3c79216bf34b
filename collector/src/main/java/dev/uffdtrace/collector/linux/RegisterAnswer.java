package dev.uffdtrace.collector.linux;

/** What UFFDIO_REGISTER answered: {@code errno} 0 on success, and the range's ioctl mask (0 on failure). */
public record RegisterAnswer(int errno, long ioctls) {
    public boolean ok() {
        return errno == 0;
    }

    public String result() {
        return Errno.name(errno);
    }
}
