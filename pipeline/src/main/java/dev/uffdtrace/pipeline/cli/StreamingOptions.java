package dev.uffdtrace.pipeline.cli;

import dev.uffdtrace.analyzer.capability.ProfileException;
import dev.uffdtrace.analyzer.capability.ProfileRegistry;
import dev.uffdtrace.analyzer.replay.ProfileChoice;
import dev.uffdtrace.analyzer.replay.ReplaySettings;
import dev.uffdtrace.analyzer.rules.Severity;
import dev.uffdtrace.pipeline.JobSettings;
import dev.uffdtrace.pipeline.KafkaPipeline;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/** The options of the streaming job, shared by the cluster job's {@code main} and {@code uffdtrace pipeline}. */
public final class StreamingOptions {
    @Option(names = "--bootstrap", required = true, paramLabel = "HOST:PORT", description = "Kafka bootstrap servers.")
    public String bootstrap;

    @Option(names = "--events-topic", defaultValue = "uffd-events", description = "Events in (default ${DEFAULT-VALUE}).")
    public String eventsTopic = "uffd-events";

    @Option(names = "--findings-topic", defaultValue = "uffd-findings", description = "Findings out (default ${DEFAULT-VALUE}).")
    public String findingsTopic = "uffd-findings";

    @Option(names = "--alerts-topic", defaultValue = "uffd-alerts", description = "Alerts out (default ${DEFAULT-VALUE}).")
    public String alertsTopic = "uffd-alerts";

    @Option(names = "--latency-topic", defaultValue = "uffd-latency", description = "Latency windows out (default ${DEFAULT-VALUE}).")
    public String latencyTopic = "uffd-latency";

    @Option(names = "--deadletter-topic", defaultValue = "uffd-deadletter", description = "Dead letters out (default ${DEFAULT-VALUE}).")
    public String deadLetterTopic = "uffd-deadletter";

    @Option(names = "--parallelism", defaultValue = "2", description = "Parallelism (default ${DEFAULT-VALUE}).")
    public int parallelism = 2;

    @Option(names = "--checkpoint-dir", paramLabel = "DIR", description = "Where checkpoints go (kept on cancel); default: in memory only.")
    public Path checkpointDir;

    @Option(names = "--checkpoint-interval", defaultValue = "10s", converter = DurationConverter.class,
            description = "Checkpoint interval; outputs become visible at each checkpoint (default ${DEFAULT-VALUE}).")
    public Duration checkpointInterval = Duration.ofSeconds(10);

    @Option(names = "--restore", paramLabel = "CHECKPOINT", description = "Resume from this checkpoint or savepoint.")
    public String restore;

    @Option(names = "--window", defaultValue = "10s", converter = DurationConverter.class,
            description = "Latency and alert window (default ${DEFAULT-VALUE}).")
    public Duration window = Duration.ofSeconds(10);

    @Option(names = "--out-of-orderness", defaultValue = "1s", converter = DurationConverter.class,
            description = "How late by time_us an event may arrive (default ${DEFAULT-VALUE}).")
    public Duration outOfOrderness = Duration.ofSeconds(1);

    @Option(names = "--stuck-ms", defaultValue = "1000", description = "FAULT_STUCK threshold in ms (default ${DEFAULT-VALUE}).")
    public double stuckMs = 1000;

    @Option(names = "--profile", paramLabel = "NAME|FILE", description = "Built-in profile or profile file; default: per ctx from its kernel.")
    public String profile;

    @Option(names = "--alert-severity", defaultValue = "error", description = "Least severity alerted (default ${DEFAULT-VALUE}).")
    public String alertSeverity = "error";

    @Option(names = "--transactional-id-prefix", defaultValue = "uffdtrace-pipeline",
            description = "Kafka transactional id prefix and consumer group, unique per job (default ${DEFAULT-VALUE}).")
    public String transactionalIdPrefix = "uffdtrace-pipeline";

    public KafkaPipeline.Topics topics() {
        return new KafkaPipeline.Topics(eventsTopic, findingsTopic, alertsTopic, latencyTopic, deadLetterTopic);
    }

    public JobSettings settings() throws ProfileException {
        ProfileChoice choice = profile == null ? ProfileChoice.auto()
                : ProfileChoice.fixed(ProfileRegistry.builtIns().resolve(profile));
        JobSettings d = JobSettings.defaults(new ReplaySettings(choice, Math.round(stuckMs * 1000)));
        return new JobSettings(d.replay(), window, outOfOrderness, d.idleness(), window,
                Severity.fromWire(alertSeverity), d.retainClosed());
    }
}
