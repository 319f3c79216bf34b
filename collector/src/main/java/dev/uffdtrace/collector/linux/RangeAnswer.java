package dev.uffdtrace.collector.linux;

/**
 * What a range ioctl answered. {@code errno} is 0 on success. {@code written} is the count the
 * kernel wrote back (COPY, ZEROPAGE, CONTINUE, POISON, MOVE): bytes done, or {@code -errno};
 * null for ioctls that write nothing back (WRITEPROTECT, WAKE). {@code durNanos} is how long the
 * call took.
 */
public record RangeAnswer(int errno, Long written, long durNanos) {
    public boolean ok() {
        return errno == 0;
    }

    public String result() {
        return Errno.name(errno);
    }

    /** The trace's {@code bytes}: the written-back count when non-negative, 0 when it held an error. */
    public Long bytes() {
        if (written == null) {
            return null;
        }
        return written < 0 ? 0L : written;
    }
}
