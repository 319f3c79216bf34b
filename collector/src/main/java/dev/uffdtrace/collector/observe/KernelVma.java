package dev.uffdtrace.collector.observe;

import dev.uffdtrace.analyzer.trace.MemType;
import java.nio.ByteBuffer;

/**
 * The mapping under a registration's start as the BPF program saw it when UFFDIO_REGISTER began
 * (struct obs_vma: vm_flags, the backing filesystem's magic and block size). Read in the kernel
 * because a program may unmap the range right after registering, before user space could read
 * /proc/PID/smaps. {@code vmFlags} 0 means no mapping was found there.
 */
record KernelVma(long vmFlags, long sMagic, long sBlocksize) {
    /** include/linux/mm.h: stable bit values (VM_DROPPABLE's is not, so it is not told apart). */
    static final long VM_SHARED = 0x8;
    static final long VM_HUGETLB = 0x0040_0000;
    /** include/uapi/linux/magic.h */
    static final long TMPFS_MAGIC = 0x0102_1994L;
    static final long HUGETLBFS_MAGIC = 0x9584_58f6L;
    static final long GUEST_MEMFD_MAGIC = 0x474d_454dL;
    static final int OFFSET = 40;

    /** The three fields at data[40..64] of a REGISTER record. */
    static KernelVma of(ByteBuffer data) {
        return new KernelVma(data.getLong(OFFSET), data.getLong(OFFSET + 8), data.getLong(OFFSET + 16));
    }

    boolean found() {
        return vmFlags != 0;
    }

    boolean shared() {
        return (vmFlags & VM_SHARED) != 0;
    }

    MemType memType() {
        if ((vmFlags & VM_HUGETLB) != 0 || sMagic == HUGETLBFS_MAGIC) {
            return shared() ? MemType.HUGETLB : MemType.HUGETLB_PRIVATE;
        }
        if (sMagic == 0) {
            return shared() ? MemType.SHMEM : MemType.ANON;
        }
        if (sMagic == TMPFS_MAGIC) {
            return shared() ? MemType.SHMEM : MemType.SHMEM_PRIVATE;
        }
        if (sMagic == GUEST_MEMFD_MAGIC) {
            return MemType.GUEST_MEMFD;
        }
        return MemType.FILE;
    }

    /** The huge page size for hugetlb (hugetlbfs's block size), else 4096. */
    long pageSize() {
        if (memType().backing() == MemType.HUGETLB && sBlocksize > 0) {
            return sBlocksize;
        }
        return 4096;
    }
}
