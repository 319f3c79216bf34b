package dev.uffdtrace.cli;

import dev.uffdtrace.analyzer.replay.ReplayResult;
import dev.uffdtrace.analyzer.replay.ReplaySettings;
import dev.uffdtrace.analyzer.report.ReplayOutputs;

/** Runs the pipeline's bounded Flink job for {@code replay --engine flink}. */
final class FlinkEngine {
    private FlinkEngine() {
    }

    static ReplayResult replay(ReplaySettings settings, ReplayInputs inputs, String bootstrap, String from, String to,
                               int parallelism, ReplayOutputs outputs) throws CannotRunException {
        throw new CannotRunException("the flink engine is not built into this jar; use --engine direct");
    }
}
