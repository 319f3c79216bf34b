package dev.uffdtrace.pipeline;

import dev.uffdtrace.analyzer.capability.ProfileException;
import dev.uffdtrace.pipeline.cli.StreamingOptions;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine;

/**
 * The streaming job: events from Kafka through the keyed replay to findings, alerts, latency windows
 * and dead letters on Kafka, exactly once with checkpointing. {@link #main} is the entry point of the
 * cluster job jar ({@code flink run uffdtrace-pipeline-job.jar --bootstrap HOST:PORT ...});
 * {@link #startLocal} runs it in a local MiniCluster with the web UI on 127.0.0.1.
 */
public final class StreamingJob {
    public static final String NAME = "uffdtrace pipeline";

    private StreamingJob() {
    }

    public static void main(String[] args) throws Exception {
        StreamingOptions o = new StreamingOptions();
        new CommandLine(o).parseArgs(args);
        StreamExecutionEnvironment env = Environments.create(configuration(o), RuntimeExecutionMode.STREAMING, o.parallelism);
        build(env, o);
        env.execute(NAME);
    }

    /** Submits the job to a local MiniCluster whose web UI listens on 127.0.0.1:{@code webPort} (0: any). */
    public static JobClient startLocal(StreamingOptions o, int webPort) throws Exception {
        Configuration c = Environments.base(configuration(o), RuntimeExecutionMode.STREAMING);
        c.set(RestOptions.BIND_PORT, String.valueOf(webPort));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(c);
        env.setParallelism(o.parallelism);
        build(env, o);
        return env.executeAsync(NAME);
    }

    static void build(StreamExecutionEnvironment env, StreamingOptions o) throws ProfileException {
        KafkaPipeline.job(o.bootstrap, o.topics(), o.settings(), o.transactionalIdPrefix).build(env);
    }

    /** Checkpointing (exactly once, retained on cancel) and the restore path from the options. */
    static Configuration configuration(StreamingOptions o) {
        Configuration c = new Configuration();
        c.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, o.checkpointInterval);
        c.set(CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE, CheckpointingMode.EXACTLY_ONCE);
        if (o.checkpointDir != null) {
            c.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
            c.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, o.checkpointDir.toAbsolutePath().toUri().toString());
            c.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION, ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        }
        if (o.restore != null) {
            c.set(StateRecoveryOptions.SAVEPOINT_PATH, o.restore);
        }
        return c;
    }
}
