package dev.uffdtrace.collector.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Usage errors and option parsing; nothing here loads BPF. */
class ObserveCommandTest {
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = new CommandLine(new ObserveCommand());
        cl.setErr(new PrintWriter(err, true));
        cl.setOut(new PrintWriter(new StringWriter(), true));
        return cl.execute(args);
    }

    @Test
    void anOutputOrCountersIsRequired() {
        assertThat(run("--duration", "1s")).isEqualTo(2);
        assertThat(err.toString()).startsWith("observe: give --out FILE, --bootstrap and --topic, or --counters");
    }

    @Test
    void outAndKafkaExcludeEachOther() {
        assertThat(run("--out", "x.jsonl", "--bootstrap", "h:9092", "--topic", "t")).isEqualTo(2);
        assertThat(run("--bootstrap", "h:9092", "--counters")).isEqualTo(2);
    }

    @Test
    void badValuesAreUsageErrors() {
        assertThat(run("--counters", "--duration", "soon")).isEqualTo(2);
        assertThat(err.toString()).contains("duration: expected e.g. 30s");
        assertThat(run("--counters", "--max-msgs", "65")).isEqualTo(2);
        assertThat(run("--counters", "--pid", "-3")).isEqualTo(2);
    }

    @Test
    void durations() {
        assertThat(ObserveCommand.parseDuration("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(ObserveCommand.parseDuration("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(ObserveCommand.parseDuration("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(ObserveCommand.parseDuration("PT1M")).isEqualTo(Duration.ofMinutes(1));
        assertThat(ObserveCommand.parseDuration("7")).isEqualTo(Duration.ofSeconds(7));
        assertThat(ObserveCommand.parseDuration(null)).isNull();
        assertThatThrownBy(() -> ObserveCommand.parseDuration("0s")).isInstanceOf(IllegalArgumentException.class);
    }
}
