package dev.uffdtrace.collector.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ReadSpinTest {
    @Test
    void spinsOnlyWhenTheProcessMayUseSeveralCpus() {
        assertThat(ReadSpin.forCpus(Duration.ofNanos(50_000), 1)).isEqualTo(ReadSpin.OFF);
        assertThat(ReadSpin.forCpus(Duration.ofNanos(50_000), 2).nanos()).isEqualTo(50_000);
        assertThat(ReadSpin.forCpus(Duration.ZERO, 8).off()).isTrue();
    }

    @Test
    void rejectsANegativeWindow() {
        assertThatThrownBy(() -> new ReadSpin(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1");
    }
}
