package dev.uffdtrace.collector.firecracker;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import dev.uffdtrace.collector.linux.Mapping;
import dev.uffdtrace.collector.linux.NativeException;
import dev.uffdtrace.collector.linux.Sys;
import dev.uffdtrace.collector.linux.Uapi;
import dev.uffdtrace.collector.linux.Uffd;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What Firecracker does on a snapshot load with a Uffd backend, in Java: create a uffd
 * (UFFDIO_API with EVENT_REMOVE), map anonymous guest memory per region and register it MISSING,
 * connect to the handler and send the regions JSON with the uffd as SCM_RIGHTS. Then the guest:
 * reading pages (each read faults in native code) and ballooning ranges (MADV_DONTNEED).
 */
final class VmmSide implements AutoCloseable {
    /**
     * A guest region of {@code pages} base (4 KiB) pages, backed by the file from base page
     * {@code filePage}, mapped in pages of {@code pageSize} bytes (2 MiB: MAP_HUGETLB, as
     * Firecracker maps hugetlb guest memory).
     */
    record Layout(int pages, int filePage, long pageSize) {
        Layout(int pages, int filePage) {
            this(pages, filePage, SnapshotPattern.PAGE);
        }

        int flags() {
            return Uapi.MAP_PRIVATE | Uapi.MAP_NORESERVE | (pageSize > SnapshotPattern.PAGE ? Uapi.MAP_HUGETLB : 0);
        }
    }

    private final Uffd uffd;
    private final List<Mapping> regions = new ArrayList<>();
    private final List<Layout> layouts;
    private UnixSocket socket;

    private VmmSide(Uffd uffd, List<Layout> layouts) {
        this.uffd = uffd;
        this.layouts = layouts;
    }

    static VmmSide create(List<Layout> layouts) throws NativeException {
        Uffd uffd = Uffd.viaSyscall();
        VmmSide v = new VmmSide(uffd, layouts);
        try {
            if (!uffd.api(Uapi.FEATURE_EVENT_REMOVE).ok()) {
                throw new IllegalStateException("UFFDIO_API(EVENT_REMOVE) failed");
            }
            for (Layout l : layouts) {
                Mapping m = Mapping.anonymous((long) l.pages() * SnapshotPattern.PAGE, l.flags());
                v.regions.add(m);
                if (!uffd.register(m.address(), m.length(), Uapi.REGISTER_MODE_MISSING).ok()) {
                    throw new IllegalStateException("UFFDIO_REGISTER failed");
                }
            }
            return v;
        } catch (NativeException | RuntimeException e) {
            v.close();
            throw e;
        }
    }

    /** The regions message Firecracker sends (its current field names). */
    String regionsJson() {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < layouts.size(); i++) {
            Mapping m = regions.get(i);
            b.append(i == 0 ? "" : ",").append(String.format(
                    "{\"base_host_virt_addr\":%d,\"size\":%d,\"offset\":%d,\"page_size\":%d}",
                    m.address(), m.length(), (long) layouts.get(i).filePage() * SnapshotPattern.PAGE,
                    layouts.get(i).pageSize()));
        }
        return b.append("]").toString();
    }

    /** Connects and hands the uffd over with {@code json} (normally {@link #regionsJson()}). */
    void handOff(Path socketPath, String json) throws IOException {
        socket = UnixSocket.connect(socketPath);
        socket.send(json.getBytes(StandardCharsets.UTF_8), uffd.fd());
    }

    Mapping region(int i) {
        return regions.get(i);
    }

    /**
     * Reads page {@code page} of region {@code region}: memcpy in native code (a uffd fault must
     * wait in native code, not inside the JVM), then a copy out of our own buffer.
     */
    byte[] read(int region, int page) {
        Memory dst = new Memory(SnapshotPattern.PAGE);
        FcLibc.memcpy(dst, new Pointer(regions.get(region).address() + (long) page * SnapshotPattern.PAGE),
                SnapshotPattern.PAGE);
        return dst.getByteArray(0, SnapshotPattern.PAGE);
    }

    /** The file page behind page {@code page} of region {@code region}. */
    int filePage(int region, int page) {
        return layouts.get(region).filePage() + page;
    }

    /** The balloon takes pages back: madvise(MADV_DONTNEED), which the handler sees as REMOVE. */
    void balloon(int region, int firstPage, int pages) throws NativeException {
        Sys.madvise(regions.get(region).address() + (long) firstPage * SnapshotPattern.PAGE,
                (long) pages * SnapshotPattern.PAGE, Uapi.MADV_DONTNEED);
    }

    /** The VMM exits: socket, uffd and guest memory go. */
    @Override
    public void close() throws NativeException {
        if (socket != null) {
            socket.close();
            socket = null;
        }
        uffd.close();
        for (Mapping m : regions) {
            m.close();
        }
    }
}
