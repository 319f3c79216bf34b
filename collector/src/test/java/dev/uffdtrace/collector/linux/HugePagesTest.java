package dev.uffdtrace.collector.linux;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class HugePagesTest {
    @Test
    void readsTheFreeCountOfMeminfo() {
        List<String> meminfo = List.of("MemTotal:       24684000 kB", "HugePages_Total:      64",
                "HugePages_Free:       61", "HugePages_Rsvd:        0", "Hugepagesize:       2048 kB");
        assertThat(HugePages.parseFree(meminfo)).isEqualTo(61);
    }

    @Test
    void noHugetlbMeansNone() {
        assertThat(HugePages.parseFree(List.of("MemTotal:       24684000 kB"))).isZero();
    }
}
