package dev.uffdtrace.pipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.uffdtrace.analyzer.rules.Severity;
import dev.uffdtrace.pipeline.JobSettings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class PipelineCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = new CommandLine(new PipelineCommand());
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        return cl.execute(args);
    }

    @Test
    void helpNamesTheOptionsTheCliPromises() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("--bootstrap", "--parallelism", "--checkpoint-dir", "--window", "--stuck-ms",
                "--profile", "--events-topic", "--findings-topic", "--alerts-topic", "--latency-topic", "--deadletter-topic");
    }

    @Test
    void bootstrapIsRequired() {
        assertThat(run()).isEqualTo(2);
        assertThat(err.toString()).contains("--bootstrap");
    }

    @Test
    void anUnknownProfileStopsBeforeAnyJobStarts() {
        assertThat(run("--bootstrap", "127.0.0.1:1", "--profile", "linux-1.0")).isEqualTo(1);
        assertThat(err.toString()).contains("uffdtrace pipeline:").contains("linux-1.0");
    }

    @Test
    void optionsBecomeJobSettings() throws Exception {
        StreamingOptions o = new StreamingOptions();
        new CommandLine(o).parseArgs("--bootstrap", "127.0.0.1:9092", "--window", "30s", "--stuck-ms", "250",
                "--profile", "linux-6.18", "--alert-severity", "warning", "--out-of-orderness", "500ms");
        JobSettings s = o.settings();
        assertThat(s.window()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.alertWindow()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.outOfOrderness()).isEqualTo(Duration.ofMillis(500));
        assertThat(s.replay().stuckThresholdMicros()).isEqualTo(250_000);
        assertThat(s.replay().profiles().label()).isEqualTo("linux-6.18");
        assertThat(s.alertSeverity()).isEqualTo(Severity.WARNING);
        assertThat(o.topics().events()).isEqualTo("uffd-events");
    }

    @Test
    void durationsReadTheUsualUnits() {
        DurationConverter c = new DurationConverter();
        assertThat(c.convert("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(c.convert("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(c.convert("PT1H")).isEqualTo(Duration.ofHours(1));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> c.convert("soon"))
                .isInstanceOf(CommandLine.TypeConversionException.class).hasMessageContaining("soon");
    }
}
