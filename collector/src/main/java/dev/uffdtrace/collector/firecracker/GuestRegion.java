package dev.uffdtrace.collector.firecracker;

import dev.uffdtrace.analyzer.trace.MemType;

/**
 * One guest memory region of a handoff: {@code [baseHostVirtAddr, +size)} in the VMM, backed by
 * {@code [offset, offset+size)} of the snapshot memory file, in pages of {@code pageSize} bytes.
 * The constructor checks what a region alone can get wrong; {@link Handoff} checks the set.
 */
public record GuestRegion(long baseHostVirtAddr, long size, long offset, long pageSize) {
    /** The smallest page (x86_64 and aarch64 base pages); COPY sources must be aligned to it. */
    public static final long BASE_PAGE = 4096;

    public GuestRegion {
        if (pageSize < BASE_PAGE || Long.bitCount(pageSize) != 1) {
            throw new IllegalArgumentException("page_size: must be a power of two >= " + BASE_PAGE + ", was "
                    + pageSize);
        }
        if (size <= 0 || size % pageSize != 0) {
            throw new IllegalArgumentException("size: must be a positive multiple of page_size " + pageSize
                    + ", was " + size);
        }
        if (baseHostVirtAddr <= 0 || baseHostVirtAddr % pageSize != 0) {
            throw new IllegalArgumentException("base_host_virt_addr: must be a non-zero multiple of page_size "
                    + pageSize + ", was 0x" + Long.toHexString(baseHostVirtAddr));
        }
        if (offset < 0 || offset % BASE_PAGE != 0) {
            throw new IllegalArgumentException("offset: must be a non-negative multiple of " + BASE_PAGE
                    + ", was " + offset);
        }
        if (baseHostVirtAddr + size < baseHostVirtAddr || offset + size < offset) {
            throw new IllegalArgumentException("size: region wraps around the address space");
        }
    }

    public long end() {
        return baseHostVirtAddr + size;
    }

    /**
     * Firecracker maps guest memory MAP_PRIVATE|MAP_ANONYMOUS, adding MAP_HUGETLB for 2 MiB
     * pages: base pages are {@code anon}, larger ones private hugetlb.
     */
    public MemType mem() {
        return pageSize == BASE_PAGE ? MemType.ANON : MemType.HUGETLB_PRIVATE;
    }
}
