package dev.uffdtrace.cli;

import dev.uffdtrace.analyzer.replay.ReplayResult;
import dev.uffdtrace.analyzer.replay.ReplaySettings;
import dev.uffdtrace.analyzer.report.ReplayOutputs;

/** The direct engine over a bounded range of a Kafka topic. */
final class KafkaDirectReplay {
    private KafkaDirectReplay() {
    }

    static ReplayResult run(ReplaySettings settings, String bootstrap, String topic, String from, String to,
                            ReplayOutputs outputs, Progress progress) throws CannotRunException {
        throw new CannotRunException("reading kafka:" + topic + " is not built into this jar yet");
    }
}
