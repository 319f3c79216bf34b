package dev.uffdtrace.collector.loop;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ServiceTimesTest {
    @Test
    void percentilesAreRefHandlersIndices() {
        ServiceTimes t = new ServiceTimes();
        assertThat(t.percentile(0.5)).isZero();
        for (long i = 2000; i >= 1; i--) {
            t.add(i * 10);
        }
        assertThat(t.count()).isEqualTo(2000);
        // sorted[n/2] and sorted[(size_t)(n*0.99)] as ref-handler.c prints them
        assertThat(t.percentile(0.5)).isEqualTo(10010);
        assertThat(t.percentile(0.99)).isEqualTo(19810);
    }

    @Test
    void clearForgetsTheWarmUp() {
        ServiceTimes t = new ServiceTimes();
        t.add(1_000_000);
        t.clear();
        t.add(7);
        assertThat(t.count()).isEqualTo(1);
        assertThat(t.percentile(0.99)).isEqualTo(7);
    }
}
