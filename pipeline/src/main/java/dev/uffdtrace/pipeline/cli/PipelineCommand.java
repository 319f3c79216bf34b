package dev.uffdtrace.pipeline.cli;

import dev.uffdtrace.analyzer.capability.ProfileException;
import dev.uffdtrace.pipeline.StreamingJob;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.apache.flink.core.execution.JobClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code uffdtrace pipeline --bootstrap HOST:PORT [--parallelism N] [--checkpoint-dir DIR] ...}: runs the
 * streaming job in a local Flink MiniCluster (web UI on 127.0.0.1) until it is interrupted.
 * Exit status 0 when the job ended, 1 when it could not start (bad profile, bad settings).
 */
@Command(name = "pipeline", mixinStandardHelpOptions = true,
        description = "Run the streaming pipeline (Kafka events to findings, alerts, latency windows) on a local Flink.")
public final class PipelineCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    StreamingOptions options = new StreamingOptions();

    @Option(names = "--web-port", defaultValue = "8081",
            description = "Flink web UI port on 127.0.0.1, 0 for any (default ${DEFAULT-VALUE}).")
    int webPort;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            options.settings();
        } catch (ProfileException | IllegalArgumentException e) {
            err.println("uffdtrace pipeline: " + e.getMessage());
            err.flush();
            return 1;
        }
        JobClient job = StreamingJob.startLocal(options, webPort);
        out.printf("pipeline job %s running; web UI on 127.0.0.1:%d; Ctrl-C to stop%n", job.getJobID(), webPort);
        out.flush();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> job.cancel().join()));
        job.getJobExecutionResult().get();
        return 0;
    }
}
