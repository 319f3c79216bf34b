package dev.uffdtrace.collector.firecracker;

import dev.uffdtrace.collector.linux.Fd;
import dev.uffdtrace.collector.linux.Mapping;
import dev.uffdtrace.collector.linux.NativeException;
import dev.uffdtrace.collector.linux.Sys;
import dev.uffdtrace.collector.linux.Uapi;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The snapshot memory file, mapped read-only and private once for the handler's lifetime:
 * addresses in it are the UFFDIO_COPY sources (the kernel copies straight from the page cache,
 * no read into a buffer). Shared by every connection; never written.
 */
public final class SnapshotFile implements AutoCloseable {
    private final Path path;
    private final Mapping mapping;

    private SnapshotFile(Path path, Mapping mapping) {
        this.path = path;
        this.mapping = mapping;
    }

    public static SnapshotFile open(Path path) throws IOException {
        long size = Files.size(path);
        if (size == 0) {
            throw new IOException("memory file " + path + " is empty");
        }
        try (Fd fd = new Fd(Sys.open(path.toString(), Uapi.O_RDONLY))) {
            return new SnapshotFile(path, Mapping.map(size, Uapi.PROT_READ, Uapi.MAP_PRIVATE, fd.fd(), 0));
        }
    }

    public Path path() {
        return path;
    }

    public long size() {
        return mapping.length();
    }

    /** The address of byte {@code offset} of the file in the mapping. */
    public long address(long offset) {
        if (offset < 0 || offset >= mapping.length()) {
            throw new IndexOutOfBoundsException("offset " + offset + " outside the " + mapping.length()
                    + "-byte memory file");
        }
        return mapping.address() + offset;
    }

    @Override
    public void close() throws NativeException {
        mapping.close();
    }
}
