package dev.uffdtrace.pipeline;

import dev.uffdtrace.analyzer.replay.ReplayResult;
import dev.uffdtrace.analyzer.replay.ReplaySettings;
import dev.uffdtrace.collector.kafka.EmbeddedKafkaBroker;
import dev.uffdtrace.pipeline.cli.StreamingOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code uffdtrace pipeline} runs: the streaming job on its own local MiniCluster with the web UI
 * (no test MiniCluster here: a local environment refuses to start inside one).
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class LocalPipelineIT {
    @TempDir
    Path dir;

    @Test
    void runsOnItsOwnLocalClusterWithTheWebUi() throws Exception {
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start(null)) {
            KafkaPipeline.Topics t = KafkaPipelineIT.topics(kafka, "local");
            List<String> lines = KafkaPipelineIT.trace(dir, 14);
            ReplayResult direct = FlinkReplayIT.direct(ReplaySettings.defaults(), List.of(dir.resolve("trace-14.jsonl")),
                    dir.resolve("direct"));
            KafkaIO.publish(kafka.bootstrap(), t.events(), lines);
            StreamingOptions o = KafkaPipelineIT.options(kafka.bootstrap(), t, "it-local");
            o.checkpointInterval = Duration.ofMillis(500);

            JobClient job = StreamingJob.startLocal(o, 0);
            try {
                KafkaPipelineIT.awaitRunning(job);
                List<String> findings = KafkaIO.readCommitted(kafka.bootstrap(), t.findings(),
                        v -> v.size() >= direct.findings().size(), Duration.ofSeconds(120));
                KafkaPipelineIT.assertFindings(direct, findings);
            } finally {
                job.cancel().get(30, TimeUnit.SECONDS);
            }
        }
    }
}
