package dev.uffdtrace.collector.firecracker;

import dev.uffdtrace.analyzer.trace.MemType;
import dev.uffdtrace.collector.linux.Mapping;
import dev.uffdtrace.collector.linux.NativeException;
import dev.uffdtrace.collector.linux.Uapi;

/**
 * Fills one faulting page of one uffd: from the snapshot file (UFFDIO_COPY from its mapping),
 * or with zeros once the VMM's balloon removed the page (UFFDIO_ZEROPAGE; on hugetlb, which has
 * no ZEROPAGE, a COPY from a never-touched anonymous mapping, which reads as zeros).
 */
final class PageFiller implements AutoCloseable {
    private final HandoffSession session;
    private final SnapshotFile snapshot;
    private final RemovedRanges removed = new RemovedRanges();
    private Mapping zeroSource;

    PageFiller(HandoffSession session, SnapshotFile snapshot) {
        this.session = session;
        this.snapshot = snapshot;
    }

    /** UFFD_EVENT_REMOVE: the snapshot contents of {@code [start, end)} are gone for good. */
    void removed(long start, long end) {
        removed.add(start, end);
    }

    HandoffSession.Call fill(GuestRegion r, long page) throws NativeException {
        if (!removed.touches(page, r.pageSize())) {
            return session.copy(page, snapshot.address(r.offset() + (page - r.baseHostVirtAddr())), r.pageSize());
        }
        if (r.mem() == MemType.ANON) {
            return session.zeropage(page, r.pageSize());
        }
        return session.copy(page, zeroSource(r.pageSize()), r.pageSize());
    }

    private long zeroSource(long size) throws NativeException {
        if (zeroSource == null || zeroSource.length() < size) {
            close();
            zeroSource = Mapping.map(size, Uapi.PROT_READ, Uapi.MAP_PRIVATE | Uapi.MAP_ANONYMOUS | Uapi.MAP_NORESERVE,
                    -1, 0);
        }
        return zeroSource.address();
    }

    @Override
    public void close() throws NativeException {
        if (zeroSource != null) {
            Mapping m = zeroSource;
            zeroSource = null;
            m.close();
        }
    }
}
