package dev.uffdtrace.cli;

import dev.uffdtrace.analyzer.replay.ReplayResult;
import dev.uffdtrace.analyzer.replay.ReplaySettings;
import dev.uffdtrace.analyzer.report.ReplayOutputs;
import dev.uffdtrace.pipeline.FlinkReplay;
import dev.uffdtrace.pipeline.KafkaRange;

/** Runs the pipeline's job in batch mode for {@code replay --engine flink}. */
final class FlinkEngine {
    private FlinkEngine() {
    }

    static ReplayResult replay(ReplaySettings settings, ReplayInputs inputs, String bootstrap, String from, String to,
                               int parallelism, ReplayOutputs outputs) throws Exception {
        if (inputs.kafkaTopic() != null) {
            KafkaRange range;
            try {
                range = new KafkaRange(bootstrap, inputs.kafkaTopic(), from, to);
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(new ReplayCommand()),
                        "--from/--to: " + e.getMessage());
            }
            return FlinkReplay.runKafka(settings, range, parallelism, outputs);
        }
        return FlinkReplay.run(settings, inputs.files(), parallelism, outputs);
    }
}
