package dev.uffdtrace.collector.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ReadBoundTest {
    @Test
    void digitsAreAnOffset() {
        assertThat(ReadBound.parse("1200")).isEqualTo(ReadBound.offset(1200));
        assertThat(ReadBound.parse(" 0 ").isTime()).isFalse();
    }

    @Test
    void anIsoTimeWithAZoneIsAnInstant() {
        assertThat(ReadBound.parse("2026-11-28T14:00:00Z")).isEqualTo(ReadBound.time(Instant.parse("2026-11-28T14:00:00Z")));
        assertThat(ReadBound.parse("2026-11-28T15:00:00.5+01:00").time()).isEqualTo(Instant.parse("2026-11-28T14:00:00.500Z"));
    }

    @Test
    void anythingElseIsRejectedWithTheText() {
        assertThatThrownBy(() -> ReadBound.parse("2026-11-28T14:00:00")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("expected an offset or an ISO-8601 time with a zone (e.g. 2026-11-28T14:00:00Z), was '2026-11-28T14:00:00'");
        assertThatThrownBy(() -> ReadBound.parse("-3")).hasMessageContaining("was '-3'");
        assertThatThrownBy(() -> ReadBound.parse("99999999999999999999")).hasMessage("offset out of range: 99999999999999999999");
        assertThatThrownBy(() -> ReadBound.offset(-1)).hasMessage("offset: must be >= 0, was -1");
    }
}
