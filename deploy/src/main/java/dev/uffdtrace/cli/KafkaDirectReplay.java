package dev.uffdtrace.cli;

import dev.uffdtrace.analyzer.replay.ReplayResult;
import dev.uffdtrace.analyzer.replay.ReplaySettings;
import dev.uffdtrace.analyzer.replay.TraceReplay;
import dev.uffdtrace.analyzer.report.ReplayOutputs;
import dev.uffdtrace.collector.kafka.KafkaTraceReader;
import dev.uffdtrace.collector.kafka.ReadBound;
import java.io.IOException;

/** The direct engine over a bounded range of a Kafka topic ({@code kafka:TOPIC}). */
final class KafkaDirectReplay {
    private KafkaDirectReplay() {
    }

    static ReplayResult run(ReplaySettings settings, String bootstrap, String topic, String from, String to,
                            ReplayOutputs outputs, Progress progress) throws CannotRunException {
        KafkaTraceReader reader = new KafkaTraceReader(bootstrap, topic);
        try {
            if (from != null) {
                reader.from(ReadBound.parse(from));
            }
            if (to != null) {
                reader.to(ReadBound.parse(to));
            }
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(new ReplayCommand()),
                    "--from/--to: " + e.getMessage());
        }
        TraceReplay replay = new TraceReplay(settings, outputs::deadLetter);
        try {
            reader.progress((read, total) -> progress.update(read, total, read)).read(replay);
        } catch (IOException e) {
            throw new CannotRunException("cannot read kafka:" + topic + " from " + bootstrap + ": " + e.getMessage(), e);
        }
        progress.done();
        return replay.finish();
    }
}
