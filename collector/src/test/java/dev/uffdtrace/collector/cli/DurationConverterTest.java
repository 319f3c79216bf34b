package dev.uffdtrace.collector.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class DurationConverterTest {
    private final DurationConverter c = new DurationConverter();

    @Test
    void readsTheShortForms() {
        assertThat(c.convert("50us")).isEqualTo(Duration.ofNanos(50_000));
        assertThat(c.convert("0us")).isEqualTo(Duration.ZERO);
        assertThat(c.convert("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(c.convert("10s")).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.convert("1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThat(c.convert("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(c.convert("PT3S")).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void rejectsGarbage() {
        assertThatThrownBy(() -> c.convert("soon")).isInstanceOf(TypeConversionException.class)
                .hasMessageContaining("soon");
        assertThatThrownBy(() -> c.convert("5")).isInstanceOf(TypeConversionException.class);
    }
}
