package dev.uffdtrace.collector.observe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.uffdtrace.analyzer.trace.MemType;
import java.util.List;
import org.junit.jupiter.api.Test;

/** smaps and fdinfo parsing from captured text (Linux 6.18). */
class VmaTest {
    private static final List<String> SMAPS = """
            7f2c4a000000-7f2c4a010000 rw-p 00000000 00:00 0
            Size:                 64 kB
            KernelPageSize:        4 kB
            VmFlags: rd wr mr mw me ac
            7f2c4b000000-7f2c4b400000 rw-s 00000000 00:10 1234                       /memfd:uffdtrace-misuse (deleted)
            Size:               4096 kB
            KernelPageSize:        4 kB
            VmFlags: rd wr sh mr mw me ms
            7f2c4c000000-7f2c4c400000 rw-s 00000000 00:11 99                         /memfd:huge (deleted)
            Size:               4096 kB
            KernelPageSize:     2048 kB
            VmFlags: rd wr sh mr mw me ms de ht
            7f2c4d000000-7f2c4d001000 rw-p 00000000 fe:00 260131                     /var/lib/data.bin
            KernelPageSize:        4 kB
            VmFlags: rd wr mr mw me
            """.lines().toList();

    @Test
    void findsTheMappingHoldingAnAddress() {
        Vma anon = Vma.find(SMAPS, 0x7f2c4a001000L);
        assertThat(anon.memType(f -> false)).isEqualTo(MemType.ANON);
        assertThat(anon.kernelPageSize()).isEqualTo(4096);
        assertThat(Vma.find(SMAPS, 0x7f2c4b000000L).memType(f -> false)).isEqualTo(MemType.SHMEM);
        Vma huge = Vma.find(SMAPS, 0x7f2c4c200000L);
        assertThat(huge.memType(f -> false)).isEqualTo(MemType.HUGETLB);
        assertThat(huge.kernelPageSize()).isEqualTo(2 << 20);
        assertThat(Vma.find(SMAPS, 0x7f2c4d000000L).memType(f -> false)).isEqualTo(MemType.FILE);
        assertThat(Vma.find(SMAPS, 0x7f2c4d000000L).memType(f -> true)).isEqualTo(MemType.SHMEM_PRIVATE);
    }

    @Test
    void anAddressOutsideEveryMappingHasNone() {
        assertThat(Vma.find(SMAPS, 0x1000)).isNull();
        assertThat(Vma.find(SMAPS, 0x7f2c4a010000L)).isNull();
        assertThat(Vma.find(List.of("garbage", ""), 0x1000)).isNull();
    }

    @Test
    void fdinfoGivesTheFeaturesInEffect() {
        List<String> fdinfo = List.of("pos:\t0", "flags:\t02000002", "mnt_id:\t16", "ino:\t7",
                "pending:\t0", "total:\t12", "API:\taa:80000104:800000000000003");
        assertThat(ProcView.featuresOf(fdinfo)).isEqualTo(0x104);
        assertThat(ProcView.featuresOf(List.of("pos:\t0"))).isEqualTo(-1);
    }
}
