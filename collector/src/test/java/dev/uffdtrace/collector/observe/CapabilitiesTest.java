package dev.uffdtrace.collector.observe;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CapabilitiesTest {
    @Test
    void rootMayTrace() {
        assertThat(Capabilities.parse("Name:\tjava\nCapInh:\t0000000000000000\nCapEff:\t000001ffffffffff\n").mayTrace())
                .isTrue();
    }

    @Test
    void anUnprivilegedUserMayNot() {
        assertThat(Capabilities.parse("CapEff:\t0000000000000000\n").mayTrace()).isFalse();
    }

    @Test
    void bpfAndPerfmonAreEnoughButNotBpfAlone() {
        assertThat(Capabilities.parse("CapEff:\t000000c000000000\n").mayTrace()).isTrue();
        assertThat(Capabilities.parse("CapEff:\t0000008000000000\n").mayTrace()).isFalse();
    }
}
