package dev.uffdtrace.collector.observe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.uffdtrace.analyzer.trace.MemType;
import org.junit.jupiter.api.Test;

class KernelVmaTest {
    private static final long RW_PRIVATE = 0x73; // VM_READ|VM_WRITE|VM_MAYREAD|VM_MAYWRITE|VM_MAYEXEC
    private static final long RW_SHARED = 0xfb; // ... | VM_SHARED | VM_MAYSHARE

    @Test
    void memoryTypesFromFlagsAndFilesystem() {
        assertThat(new KernelVma(RW_PRIVATE, 0, 0).memType()).isEqualTo(MemType.ANON);
        assertThat(new KernelVma(RW_SHARED, KernelVma.TMPFS_MAGIC, 4096).memType()).isEqualTo(MemType.SHMEM);
        assertThat(new KernelVma(RW_PRIVATE, KernelVma.TMPFS_MAGIC, 4096).memType()).isEqualTo(MemType.SHMEM_PRIVATE);
        assertThat(new KernelVma(RW_PRIVATE, 0xef53, 4096).memType()).isEqualTo(MemType.FILE);
        assertThat(new KernelVma(RW_SHARED, KernelVma.GUEST_MEMFD_MAGIC, 4096).memType()).isEqualTo(MemType.GUEST_MEMFD);
    }

    @Test
    void hugetlbTakesItsPageSizeFromHugetlbfs() {
        KernelVma shared = new KernelVma(RW_SHARED | KernelVma.VM_HUGETLB, KernelVma.HUGETLBFS_MAGIC, 2 << 20);
        assertThat(shared.memType()).isEqualTo(MemType.HUGETLB);
        assertThat(shared.pageSize()).isEqualTo(2 << 20);
        KernelVma priv = new KernelVma(RW_PRIVATE | KernelVma.VM_HUGETLB, KernelVma.HUGETLBFS_MAGIC, 1 << 30);
        assertThat(priv.memType()).isEqualTo(MemType.HUGETLB_PRIVATE);
        assertThat(priv.pageSize()).isEqualTo(1 << 30);
        assertThat(new KernelVma(RW_PRIVATE, 0, 0).pageSize()).isEqualTo(4096);
    }

    @Test
    void noFlagsMeansNoMapping() {
        assertThat(new KernelVma(0, 0, 0).found()).isFalse();
    }
}
