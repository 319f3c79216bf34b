package dev.uffdtrace.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.uffdtrace.analyzer.replay.ProfileChoice;
import dev.uffdtrace.analyzer.replay.ReplayResult;
import dev.uffdtrace.analyzer.replay.ReplaySettings;
import dev.uffdtrace.analyzer.report.ReplayOutputs;
import dev.uffdtrace.analyzer.report.SummaryReport;
import dev.uffdtrace.collector.kafka.EmbeddedKafkaBroker;
import dev.uffdtrace.pipeline.StreamingJob;
import dev.uffdtrace.pipeline.cli.StreamingOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.flink.core.execution.JobClient;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code uffdtrace run}: the whole system on one machine with embedded defaults: a real KRaft
 * broker on 127.0.0.1 (or {@code --bootstrap}), the streaming pipeline in a local Flink
 * MiniCluster (web UI on localhost), and the collector running a mixed workload on the live
 * kernel. A live view while it runs; at the end (Ctrl-C or {@code --duration}) a summary and the
 * files of a replay of everything the run collected.
 */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Run broker, pipeline and collector together with a live view; write a report at the end.")
public final class RunCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--duration", paramLabel = "D", converter = dev.uffdtrace.pipeline.cli.DurationConverter.class,
            description = "Stop after this long (e.g. 40s, 5m); default: until Ctrl-C.")
    Duration duration;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "uffdtrace-run", description = "Report folder (default ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--bootstrap", paramLabel = "HOST:PORT", description = "Use this Kafka instead of an embedded broker.")
    String bootstrap;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Embedded broker data (default: a temporary folder).")
    Path dataDir;

    @Option(names = "--web-port", defaultValue = "8081", description = "Flink web UI port on 127.0.0.1; 0 picks one (default ${DEFAULT-VALUE}).")
    int webPort;

    @Option(names = "--pages", defaultValue = "2000", description = "Pages per workload round (default ${DEFAULT-VALUE}).")
    int pages;

    @Option(names = "--parallelism", defaultValue = "2", description = "Pipeline parallelism (default ${DEFAULT-VALUE}).")
    int parallelism;

    @Option(names = "--topic-prefix", defaultValue = "uffd", description = "Topics are PREFIX-events, -findings, ... (default ${DEFAULT-VALUE}).")
    String prefix;

    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile boolean interrupted;

    @Override
    public Integer call() throws Exception {
        if (pages < 1 || parallelism < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--pages and --parallelism must be >= 1");
        }
        PrintWriter o = spec.commandLine().getOut();
        Thread hook = new Thread(() -> {
            interrupted = true;
            awaitQuietly(finished, 60_000);
        }, "uffdtrace-run-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try (Stack stack = Stack.start(bootstrap, dataDir, topicNames(), parallelism)) {
            o.printf("kafka: %s%s%n", stack.bootstrap(), bootstrap == null ? " (embedded KRaft broker)" : "");
            o.flush();
            JobClient job = startPipeline(stack.bootstrap());
            o.printf("flink: pipeline job %s, web UI %s%n", job.getJobID(),
                    webPort == 0 ? "on a free port of 127.0.0.1" : "http://127.0.0.1:" + webPort);
            o.flush();
            RunReport report = watch(stack.bootstrap(), job);
            writeReport(stack.bootstrap(), report);
            return ExitCodes.OK;
        } finally {
            finished.countDown();
            if (!interrupted) {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException e) {
                    // already shutting down
                }
            }
        }
    }

    List<String> topicNames() {
        return List.of(prefix + "-events", prefix + "-findings", prefix + "-alerts", prefix + "-latency", prefix + "-deadletter");
    }

    private JobClient startPipeline(String kafka) throws Exception {
        StreamingOptions so = new StreamingOptions();
        so.bootstrap = kafka;
        so.eventsTopic = topicNames().get(0);
        so.findingsTopic = topicNames().get(1);
        so.alertsTopic = topicNames().get(2);
        so.latencyTopic = topicNames().get(3);
        so.deadLetterTopic = topicNames().get(4);
        so.parallelism = parallelism;
        so.checkpointInterval = Duration.ofSeconds(2); // outputs become visible at each checkpoint
        so.window = Duration.ofSeconds(5);
        so.transactionalIdPrefix = "uffdtrace-run-" + UUID.randomUUID();
        try {
            return StreamingJob.startLocal(so, webPort);
        } catch (Exception e) {
            if (webPort == 0) {
                throw e;
            }
            // most likely the port is taken (another Flink): any free port will do for a demo
            spec.commandLine().getErr().println("web UI port " + webPort + " unavailable (" + UffdtraceCommand.oneLine(e)
                    + "); using a free port");
            webPort = 0;
            return StreamingJob.startLocal(so, 0);
        }
    }

    /** What the run saw, for the report. */
    record RunReport(long events, List<JsonNode> alerts, long alertCount, String collector) {
    }

    private RunReport watch(String kafka, JobClient job) throws Exception {
        PrintWriter o = spec.commandLine().getOut();
        boolean screen = System.console() != null && System.getenv("CI") == null;
        List<String> t = topicNames();
        DemoCollector collector = new DemoCollector(kafka, t.get(0), pages);
        Thread collecting = new Thread(collector, "uffdtrace-collector");
        long start = System.nanoTime();
        try (LiveView view = new LiveView(kafka, t.get(0), t.get(1), t.get(2), t.get(3))) {
            collecting.start();
            long lastDraw = 0;
            while (!interrupted && (duration == null || System.nanoTime() - start < duration.toNanos())) {
                view.poll(Duration.ofMillis(300));
                long now = System.nanoTime();
                long elapsed = (now - start) / 1_000_000_000L;
                if (screen && now - lastDraw > 1_000_000_000L) {
                    o.print("\033[H\033[2J" + LiveScreen.screen(view, elapsed, "kafka " + kafka + "  Ctrl-C to stop", collector.status()));
                    o.flush();
                    lastDraw = now;
                } else if (!screen && now - lastDraw > 5_000_000_000L) {
                    o.println(LiveScreen.statusLine(view, elapsed, collector.status()));
                    o.flush();
                    lastDraw = now;
                }
            }
            o.println("stopping: collector, then the pipeline's last checkpoint ...");
            o.flush();
            collector.stop();
            collecting.join(60_000);
            long drainUntil = System.nanoTime() + 6_000_000_000L; // three checkpoints
            while (System.nanoTime() < drainUntil) {
                view.poll(Duration.ofMillis(300));
            }
            job.cancel().get();
            return new RunReport(view.events, new ArrayList<>(view.latestAlerts()), view.alertCount, collector.status());
        }
    }

    private void writeReport(String kafka, RunReport run) throws Exception {
        PrintWriter o = spec.commandLine().getOut();
        ReplayResult result;
        try (ReplayOutputs outputs = new ReplayOutputs(out)) {
            result = KafkaDirectReplay.run(new ReplaySettings(ProfileChoice.auto(), ReplaySettings.DEFAULT_STUCK_MICROS),
                    kafka, topicNames().get(0), null, null, outputs, new Progress(spec.commandLine().getErr(), "report"));
            outputs.finish(result);
        }
        StringBuilder alerts = new StringBuilder(String.format(Locale.ROOT, "%nalerts from the pipeline: %d%n", run.alertCount()));
        for (JsonNode a : run.alerts()) {
            alerts.append(LiveScreen.alertLine(a)).append('\n');
        }
        String summary = SummaryReport.render(result) + alerts;
        Files.writeString(out.resolve(ReplayOutputs.SUMMARY), summary, StandardCharsets.UTF_8);
        o.println();
        o.print(summary);
        o.printf(Locale.ROOT, "%nwrote %s/{%s,%s,%s,%s}%n", out, ReplayOutputs.FINDINGS, ReplayOutputs.LATENCY,
                ReplayOutputs.DEAD_LETTERS, ReplayOutputs.SUMMARY);
        o.flush();
    }

    private static void awaitQuietly(CountDownLatch latch, long millis) {
        try {
            latch.await(millis, java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The Kafka side of a run: an embedded broker (or an existing cluster) with the run's topics. */
    record Stack(EmbeddedKafkaBroker broker, String bootstrap) implements AutoCloseable {
        static Stack start(String existing, Path dataDir, List<String> topics, int partitions) throws IOException {
            if (existing != null) {
                KafkaTopics.ensure(existing, topics, partitions);
                return new Stack(null, existing);
            }
            EmbeddedKafkaBroker b = EmbeddedKafkaBroker.start(dataDir);
            for (String t : topics) {
                b.createTopic(t, partitions);
            }
            return new Stack(b, b.bootstrap());
        }

        @Override
        public void close() throws IOException {
            if (broker != null) {
                broker.close();
            }
        }
    }
}
