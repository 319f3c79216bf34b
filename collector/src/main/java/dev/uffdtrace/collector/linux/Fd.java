package dev.uffdtrace.collector.linux;

/** An owned file descriptor (memfd, regular file, KVM), closed on close. */
public final class Fd implements java.io.Closeable {
    private final int fd;
    private boolean closed;

    public Fd(int fd) {
        if (fd < 0) {
            throw new IllegalArgumentException("fd: must be >= 0, was " + fd);
        }
        this.fd = fd;
    }

    /** memfd_create(2) of {@code length} bytes (MFD_CLOEXEC added; MFD_HUGETLB in {@code flags} for hugetlb). */
    public static Fd memfd(String name, long length, int flags) throws NativeException {
        Fd fd = new Fd(Sys.memfdCreate(name, flags));
        try {
            Sys.ftruncate(fd.fd(), length);
        } catch (NativeException e) {
            fd.close();
            throw e;
        }
        return fd;
    }

    /** Creates (or truncates) a regular file of {@code length} bytes. */
    public static Fd regularFile(String path, long length) throws NativeException {
        Fd fd = new Fd(Sys.open(path, Uapi.O_RDWR | Uapi.O_CREAT));
        try {
            Sys.ftruncate(fd.fd(), length);
        } catch (NativeException e) {
            fd.close();
            throw e;
        }
        return fd;
    }

    public int fd() {
        return fd;
    }

    @Override
    public void close() throws NativeException {
        if (!closed) {
            closed = true;
            Sys.close(fd);
        }
    }
}
