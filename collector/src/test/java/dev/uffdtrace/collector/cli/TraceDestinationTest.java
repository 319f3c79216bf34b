package dev.uffdtrace.collector.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.uffdtrace.collector.publish.EventPublisher;
import dev.uffdtrace.collector.publish.NullPublisher;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;

/** The trace destination the commands share: what picocli accepts and which publisher it opens. */
class TraceDestinationTest {
    @TempDir
    Path dir;

    /** A command with nothing but an optional destination, as observe and handler declare it. */
    @Command(name = "traced")
    static final class Traced {
        @ArgGroup(exclusive = true, multiplicity = "0..1")
        TraceDestination destination;
    }

    private static TraceDestination parse(String... args) {
        Traced command = new Traced();
        new CommandLine(command).parseArgs(args);
        return command.destination;
    }

    @Test
    void noDestinationPublishesNothing() throws Exception {
        assertThat(parse()).isNull();
        try (EventPublisher p = TraceDestination.open(parse())) {
            assertThat(p).isInstanceOf(NullPublisher.class);
        }
    }

    @Test
    void outWritesTheFile() throws Exception {
        Path trace = dir.resolve("t.jsonl");
        try (EventPublisher p = TraceDestination.open(parse("--out", trace.toString()))) {
            assertThat(p).isNotInstanceOf(NullPublisher.class);
        }
        assertThat(trace).exists();
    }

    @Test
    void bootstrapAndTopicGoTogether() {
        TraceDestination d = parse("--bootstrap", "h:1", "--topic", "t");
        assertThat(d.kafka.bootstrap).isEqualTo("h:1");
        assertThat(d.kafka.topic).isEqualTo("t");
        assertThatThrownBy(() -> parse("--bootstrap", "h:1")).isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("Missing required argument(s): --topic=T");
    }

    @Test
    void outAndKafkaExcludeEachOther() {
        assertThatThrownBy(() -> parse("--out", "t.jsonl", "--bootstrap", "h:1", "--topic", "t"))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("mutually exclusive");
    }
}
