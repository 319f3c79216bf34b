package dev.uffdtrace.collector.linux;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SysIT {
    @Test
    void processCpuTimeCountsWhatThisThreadBurns() throws Exception {
        long before = Sys.processCpuNanos();
        long wallStart = System.nanoTime();
        long sink = 0;
        // 30 ms of wall-clock busy work: at least part of it is CPU time of this process, whatever the load
        while (System.nanoTime() - wallStart < 30_000_000L) {
            sink += sink * 31 + 7;
        }
        long after = Sys.processCpuNanos();
        assertThat(sink).isNotEqualTo(1); // keeps the loop
        // finer than the JDK's 10 ms ticks: a nanosecond clock is rarely a multiple of 1 ms
        assertThat(after - before).isGreaterThan(1_000_000L);
        assertThat(before % 1_000_000L != 0 || after % 1_000_000L != 0).isTrue();
    }
}
