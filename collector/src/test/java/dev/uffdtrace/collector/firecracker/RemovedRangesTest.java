package dev.uffdtrace.collector.firecracker;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RemovedRangesTest {
    @Test
    void overlappingAndAdjacentRangesMerge() {
        RemovedRanges r = new RemovedRanges();
        r.add(0x3000, 0x5000);
        r.add(0x1000, 0x2000);
        r.add(0x2000, 0x3000);
        r.add(0x4000, 0x8000);
        assertThat(r.size()).isEqualTo(1);
        assertThat(r.touches(0x1000, 0x7000)).isTrue();
        assertThat(r.touches(0x0, 0x1000)).isFalse();
        assertThat(r.touches(0x8000, 0x1000)).isFalse();
    }

    @Test
    void aPagePartlyRemovedCounts() {
        RemovedRanges r = new RemovedRanges();
        r.add(0x201000, 0x202000);
        assertThat(r.touches(0x200000, 0x200000)).isTrue();
        assertThat(r.touches(0x400000, 0x200000)).isFalse();
    }

    @Test
    void emptyRangesAreIgnored() {
        RemovedRanges r = new RemovedRanges();
        r.add(0x1000, 0x1000);
        assertThat(r.size()).isZero();
        assertThat(r.touches(0x1000, 0x1000)).isFalse();
    }
}
