package dev.uffdtrace.collector.loop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.uffdtrace.analyzer.trace.MemType;
import org.junit.jupiter.api.Test;

class RegionTableTest {
    private static Region anon(long start, long len) {
        return new Region(start, len, MemType.ANON, 0x1000, 1, "r");
    }

    @Test
    void removeSplitsARange() {
        RegionTable t = new RegionTable();
        t.add(anon(0x10000, 0x4000));
        t.remove(0x11000, 0x12000);
        assertThat(t.snapshot()).containsExactlyInAnyOrder(anon(0x10000, 0x1000), anon(0x12000, 0x2000));
        assertThat(t.find(0x11800)).isNull();
        assertThat(t.find(0x12fff)).isEqualTo(anon(0x12000, 0x2000));
    }

    @Test
    void addReplacesTheOverlap() {
        RegionTable t = new RegionTable();
        t.add(anon(0x10000, 0x4000));
        Region wp = new Region(0x11000, 0x1000, MemType.ANON, 0x1000, 2, "wp");
        t.add(wp);
        assertThat(t.find(0x11000)).isEqualTo(wp);
        assertThat(t.snapshot()).hasSize(3);
    }

    @Test
    void moveFollowsMremapAndReplacesTheTarget() {
        RegionTable t = new RegionTable();
        t.add(anon(0x10000, 0x4000));
        t.add(anon(0x80000, 0x1000));
        t.move(0x10000, 0x80000, 0x4000);
        assertThat(t.snapshot()).containsExactly(anon(0x80000, 0x4000));
        assertThat(t.find(0x10000)).isNull();
    }
}
