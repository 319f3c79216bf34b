package dev.uffdtrace.collector.cli;

import dev.uffdtrace.collector.publish.EventPublisher;
import dev.uffdtrace.collector.publish.Publishers;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/**
 * Where a command sends its trace, {@code --out FILE} or {@code --bootstrap HOST:PORT --topic T}:
 * a picocli arg group, so picocli checks the choice and every command words a mistake the same
 * way. The command's field says whether a destination is required:
 * <pre>
 *   &#64;ArgGroup(exclusive = true, multiplicity = "0..1")
 *   TraceDestination destination;   // null when none was given
 *   ...
 *   EventPublisher publisher = TraceDestination.open(destination);
 * </pre>
 * A command with one more choice (collect's {@code --discard}) extends this class with its option.
 */
class TraceDestination {
    @Option(names = "--out", required = true, paramLabel = "FILE",
            description = "Write the trace to FILE (.jsonl or .jsonl.gz).")
    Path out;

    @ArgGroup(exclusive = false)
    KafkaTopic kafka;

    static final class KafkaTopic {
        @Option(names = "--bootstrap", required = true, paramLabel = "HOST:PORT",
                description = "Kafka bootstrap servers (with --topic).")
        String bootstrap;

        @Option(names = "--topic", required = true, paramLabel = "T",
                description = "Kafka topic for the trace (with --bootstrap).")
        String topic;
    }

    /**
     * The publisher {@code chosen} names: the file, the Kafka topic, or none when no destination
     * was given ({@code chosen} is null) or a subclass's choice was taken (e.g. {@code --discard}).
     */
    static EventPublisher open(TraceDestination chosen) throws IOException {
        if (chosen == null) {
            return Publishers.none();
        }
        if (chosen.out != null) {
            return Publishers.file(chosen.out);
        }
        if (chosen.kafka != null) {
            return Publishers.kafka(chosen.kafka.bootstrap, chosen.kafka.topic);
        }
        return Publishers.none();
    }
}
