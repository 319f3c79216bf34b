package dev.uffdtrace.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.uffdtrace.analyzer.replay.ReplayResult;
import dev.uffdtrace.analyzer.replay.ReplaySettings;
import dev.uffdtrace.analyzer.report.ReplayOutputs;
import dev.uffdtrace.analyzer.rules.Finding;
import dev.uffdtrace.analyzer.rules.FindingJson;
import dev.uffdtrace.analyzer.rules.Severity;
import dev.uffdtrace.analyzer.stats.GroupKey;
import dev.uffdtrace.analyzer.stats.LatencyHistogram;
import dev.uffdtrace.collector.kafka.EmbeddedKafkaBroker;
import dev.uffdtrace.pipeline.cli.StreamingOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The streaming job and the bounded Kafka replay against a real KRaft broker. */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class KafkaPipelineIT {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = Clusters.twoSlots(new Configuration());
    private static final ObjectMapper MAPPER = new ObjectMapper();

    static EmbeddedKafkaBroker kafka;

    @TempDir
    Path dir;

    @BeforeAll
    static void startKafka() throws Exception {
        kafka = EmbeddedKafkaBroker.start(null);
    }

    @AfterAll
    static void stopKafka() {
        if (kafka != null) {
            kafka.close();
        }
    }

    private KafkaPipeline.Topics topics(String name) {
        return topics(kafka, name);
    }

    static KafkaPipeline.Topics topics(EmbeddedKafkaBroker kafka, String name) {
        KafkaPipeline.Topics t = new KafkaPipeline.Topics(name + "-events", name + "-findings", name + "-alerts",
                name + "-latency", name + "-deadletter");
        kafka.createTopic(t.events(), 2);
        for (String out : List.of(t.findings(), t.alerts(), t.latency(), t.deadLetters())) {
            kafka.createTopic(out, 1);
        }
        return t;
    }

    /** The generated trace, then one event an hour later so that every window and deadline passes. */
    private List<String> trace(long seed) throws Exception {
        return trace(dir, seed);
    }

    static List<String> trace(Path dir, long seed) throws Exception {
        Path file = dir.resolve("trace-" + seed + ".jsonl");
        new TraceGenerator(seed, 120, 60).write(List.of(file));
        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        long last = lines.stream().filter(l -> l.contains("\"time_us\":")).mapToLong(KafkaPipelineIT::timeOf).max().orElseThrow();
        lines.add("{\"v\":1,\"type\":\"open\",\"ctx\":\"clock\",\"seq\":0,\"mono_ns\":1,\"time_us\":" + (last + 3_600_000_000L)
                + ",\"host\":\"h\",\"pid\":1,\"kernel\":\"6.18.44\",\"via\":\"syscall\",\"requested\":[],\"result\":\"ok\","
                + "\"features\":[],\"ioctls\":[]}");
        Files.write(file, lines);
        return lines;
    }

    private static long timeOf(String line) {
        int i = line.indexOf("\"time_us\":") + 10;
        int j = i;
        while (j < line.length() && Character.isDigit(line.charAt(j))) {
            j++;
        }
        return j > i ? Long.parseLong(line.substring(i, j)) : Long.MIN_VALUE;
    }

    @Test
    void streamsFindingsAlertsAndLatencyWindowsExactlyOnce() throws Exception {
        KafkaPipeline.Topics t = topics("stream");
        List<String> lines = trace(11);
        ReplaySettings settings = ReplaySettings.defaults();
        ReplayResult direct = FlinkReplayIT.direct(settings, List.of(dir.resolve("trace-11.jsonl")), dir.resolve("direct"));
        KafkaIO.publish(kafka.bootstrap(), t.events(), lines);

        JobSettings js = new JobSettings(settings, Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1),
                Duration.ofSeconds(1), Severity.ERROR, Duration.ofMinutes(1));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(
                Environments.base(new Configuration(), org.apache.flink.api.common.RuntimeExecutionMode.STREAMING));
        env.setParallelism(2);
        env.enableCheckpointing(500, CheckpointingMode.EXACTLY_ONCE);
        KafkaPipeline.job(kafka.bootstrap(), t, js, "it-stream").build(env);
        JobClient job = env.executeAsync("uffdtrace pipeline IT");
        try {
            awaitRunning(job);
            List<String> findings = KafkaIO.readCommitted(kafka.bootstrap(), t.findings(),
                    v -> v.size() >= direct.findings().size(), Duration.ofSeconds(120));
            assertFindings(direct, findings);
            assertAlerts(findings, KafkaIO.readCommitted(kafka.bootstrap(), t.alerts(), v -> false, Duration.ofSeconds(3)));
            assertLatency(direct, KafkaIO.readCommitted(kafka.bootstrap(), t.latency(), v -> false, Duration.ofSeconds(3)));
            List<String> dead = KafkaIO.readCommitted(kafka.bootstrap(), t.deadLetters(),
                    v -> v.size() >= direct.invalid(), Duration.ofSeconds(30));
            assertThat(dead).hasSize((int) direct.invalid());
            assertThat(dead).allSatisfy(d -> assertThat(d).contains("\"source\":\"kafka:" + t.events() + ":"));
        } finally {
            job.cancel().get(30, TimeUnit.SECONDS);
        }
    }

    /** Fails with the job's own error if it stopped. */
    static void awaitRunning(JobClient job) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            JobStatus s = job.getJobStatus().get();
            if (s.isTerminalState()) {
                job.getJobExecutionResult().get(); // throws the failure
                throw new AssertionError("the job ended: " + s);
            }
            if (s == JobStatus.RUNNING) {
                Thread.sleep(3000);
                if (job.getJobStatus().get().isTerminalState()) {
                    job.getJobExecutionResult().get();
                }
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the job did not start within 60 s");
    }

    /**
     * Every finding once (read_committed): all but FAULT_STUCK exactly as the direct replay words them;
     * FAULT_STUCK for the same faults (a streaming one fired by the watermark says how long it had
     * waited by then, the direct one by the end of the trace).
     */
    static void assertFindings(ReplayResult direct, List<String> streamed) throws Exception {
        Map<String, String> expected = new HashMap<>();
        for (Finding f : direct.findings()) {
            expected.put(key(f), FindingJson.encode(f));
        }
        Map<String, String> actual = new HashMap<>();
        for (String s : streamed) {
            assertThat(actual.put(key(FindingJson.decode(s)), s)).as("a duplicate of %s", s).isNull();
        }
        if (!actual.keySet().equals(expected.keySet())) {
            java.util.TreeSet<String> missing = new java.util.TreeSet<>(expected.keySet());
            missing.removeAll(actual.keySet());
            java.util.TreeSet<String> extra = new java.util.TreeSet<>(actual.keySet());
            extra.removeAll(expected.keySet());
            String ctx = (missing.isEmpty() ? extra : missing).first().split("#")[0];
            throw new AssertionError(missing.size() + " findings missing, " + extra.size() + " extra; first ctx " + ctx
                    + "\n expected " + new java.util.TreeSet<>(expected.keySet()).subSet(ctx, ctx + "~")
                    + "\n actual   " + new java.util.TreeSet<>(actual.keySet()).subSet(ctx, ctx + "~"));
        }
        expected.forEach((k, json) -> {
            if (!k.endsWith("FAULT_STUCK")) {
                assertThat(actual.get(k)).isEqualTo(json);
            }
        });
    }

    private static String key(Finding f) {
        return f.ctx() + "#" + f.seq() + "#" + f.rule();
    }

    static void assertAlerts(List<String> findings, List<String> alerts) throws Exception {
        long alerted = 0;
        for (String f : findings) {
            String severity = MAPPER.readTree(f).get("severity").asText();
            if (severity.equals("error") || severity.equals("critical")) {
                alerted++;
            }
        }
        long counted = 0;
        HashSet<String> windows = new HashSet<>();
        for (String a : alerts) {
            JsonNode n = MAPPER.readTree(a);
            counted += n.get("count").asLong();
            assertThat(windows.add(n.get("ctx").asText() + n.get("rule").asText() + n.get("mem").asText()
                    + n.get("op").asText() + n.get("window_start_us").asLong())).as("one alert per key and window").isTrue();
        }
        assertThat(alerted).isGreaterThan(0);
        assertThat(counted).isEqualTo(alerted);
        assertThat(alerts.size()).isLessThan((int) alerted); // deduplicated
    }

    static void assertLatency(ReplayResult direct, List<String> windows) throws Exception {
        Map<String, Long> counts = new HashMap<>();
        Map<String, Long> totals = new HashMap<>();
        for (String w : windows) {
            JsonNode n = MAPPER.readTree(w);
            String g = n.get("mem").asText() + "/" + n.get("fault").asText() + "/" + n.get("op").asText();
            counts.merge(g, n.get("count").asLong(), Long::sum);
            totals.merge(g, n.get("total").get("count").asLong(), Math::max);
        }
        Map<String, Long> expected = new HashMap<>();
        for (Map.Entry<GroupKey, LatencyHistogram> e : direct.latency().groups().entrySet()) {
            expected.put(e.getKey().mem() + "/" + e.getKey().fault() + "/" + e.getKey().op(), e.getValue().count());
        }
        assertThat(counts).isEqualTo(expected);
        assertThat(totals).isEqualTo(expected);
    }

    @Test
    void replaysABoundedRangeOfATopicLikeTheDirectReplay() throws Exception {
        KafkaPipeline.Topics t = topics("bounded");
        List<String> lines = trace(12);
        KafkaIO.publish(kafka.bootstrap(), t.events(), lines);
        ReplaySettings settings = ReplaySettings.defaults();
        FlinkReplayIT.direct(settings, List.of(dir.resolve("trace-12.jsonl")), dir.resolve("direct"));

        ReplayResult flink;
        try (ReplayOutputs outputs = new ReplayOutputs(dir.resolve("flink"))) {
            flink = FlinkReplay.runKafka(settings, new KafkaRange(kafka.bootstrap(), t.events(), null, null), 2, outputs);
            outputs.finish(flink);
        }
        for (String file : List.of(ReplayOutputs.FINDINGS, ReplayOutputs.LATENCY)) {
            assertThat(Files.readString(dir.resolve("flink").resolve(file)))
                    .as(file).isEqualTo(Files.readString(dir.resolve("direct").resolve(file)));
        }
        assertThat(flink.findings()).isNotEmpty();
        assertThat(Files.readAllLines(dir.resolve("flink").resolve(ReplayOutputs.DEAD_LETTERS)))
                .hasSize((int) flink.invalid()).allSatisfy(d -> assertThat(d).contains("kafka:" + t.events() + ":"));
    }

    /**
     * A producer that did not key by ctx spreads a ctx over partitions: the replay that lets each
     * partition's reader replay its ctxs would see each of them twice, half each time; it notices and
     * replays again behind a shuffle by ctx, so every ctx is replayed once, with all its events.
     */
    @Test
    void replaysCtxsSpreadOverPartitionsOnceEach() throws Exception {
        KafkaPipeline.Topics t = topics("spread");
        List<String> lines = trace(13);
        KafkaIO.publish(kafka.bootstrap(), t.events(), lines, line -> Math.floorMod(line.hashCode(), 2));
        ReplaySettings settings = ReplaySettings.defaults();
        ReplayResult direct = FlinkReplayIT.direct(settings, List.of(dir.resolve("trace-13.jsonl")), dir.resolve("direct"));

        ReplayResult flink;
        try (ReplayOutputs outputs = new ReplayOutputs(dir.resolve("flink"))) {
            flink = FlinkReplay.runKafka(settings, new KafkaRange(kafka.bootstrap(), t.events(), null, null), 2, outputs);
            outputs.finish(flink);
        }
        assertThat(flink.contexts()).isEqualTo(direct.contexts());
        // the order across partitions is not the file's, so a record may change class (an event after
        // its ctx's close becomes a dead letter), but none is lost or counted twice
        assertThat(flink.events() + flink.duplicates() + flink.invalid())
                .isEqualTo(direct.events() + direct.duplicates() + direct.invalid());
    }

    /**
     * Stop mid-stream, restore from the last retained checkpoint, go on: the findings topic
     * (read_committed) then holds every finding exactly once, none lost and none twice.
     */
    @Test
    void resumesFromACheckpointWithoutDuplicatesOrGaps() throws Exception {
        KafkaPipeline.Topics t = topics("failover");
        List<String> lines = trace(13);
        ReplayResult direct = FlinkReplayIT.direct(ReplaySettings.defaults(), List.of(dir.resolve("trace-13.jsonl")),
                dir.resolve("direct"));
        int half = lines.size() / 2;
        KafkaIO.publish(kafka.bootstrap(), t.events(), lines.subList(0, half));

        StreamingOptions o = options(kafka.bootstrap(), t, "it-failover");
        o.checkpointDir = dir.resolve("checkpoints");
        o.checkpointInterval = Duration.ofMillis(300);

        JobClient first = start(o);
        awaitRunning(first);
        List<String> before = KafkaIO.readCommitted(kafka.bootstrap(), t.findings(), v -> v.size() > 100, Duration.ofSeconds(60));
        assertThat(before).hasSizeGreaterThan(100);
        first.cancel().get(30, TimeUnit.SECONDS);

        KafkaIO.publish(kafka.bootstrap(), t.events(), lines.subList(half, lines.size()));
        o.restore = latestCheckpoint(o.checkpointDir.resolve(first.getJobID().toString())).toString();
        JobClient second = start(o);
        try {
            awaitRunning(second);
            List<String> findings = KafkaIO.readCommitted(kafka.bootstrap(), t.findings(),
                    v -> v.size() >= direct.findings().size(), Duration.ofSeconds(120));
            assertFindings(direct, findings);
        } finally {
            second.cancel().get(30, TimeUnit.SECONDS);
        }
    }

    private static JobClient start(StreamingOptions o) throws Exception {
        StreamExecutionEnvironment env = Environments.create(StreamingJob.configuration(o),
                org.apache.flink.api.common.RuntimeExecutionMode.STREAMING, 2);
        StreamingJob.build(env, o);
        return env.executeAsync(StreamingJob.NAME);
    }

    private static Path latestCheckpoint(Path jobDir) throws Exception {
        try (var s = Files.list(jobDir)) {
            return s.filter(p -> p.getFileName().toString().startsWith("chk-") && Files.exists(p.resolve("_metadata")))
                    .max(java.util.Comparator.comparingInt(p -> Integer.parseInt(p.getFileName().toString().substring(4))))
                    .orElseThrow(() -> new AssertionError("no completed checkpoint in " + jobDir));
        }
    }

    static StreamingOptions options(String bootstrap, KafkaPipeline.Topics t, String prefix) {
        StreamingOptions o = new StreamingOptions();
        o.bootstrap = bootstrap;
        o.eventsTopic = t.events();
        o.findingsTopic = t.findings();
        o.alertsTopic = t.alerts();
        o.latencyTopic = t.latency();
        o.deadLetterTopic = t.deadLetters();
        o.transactionalIdPrefix = prefix;
        o.window = Duration.ofSeconds(1);
        return o;
    }
}
