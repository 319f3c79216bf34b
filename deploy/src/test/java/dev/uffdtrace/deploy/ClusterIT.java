package dev.uffdtrace.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.TopicPartitionInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole deployment on this machine, through deploy/cluster's scripts: three KRaft brokers and a
 * Flink session cluster (up.sh), the pipeline job (submit.sh), collectors (collect.sh) publishing a
 * fault workload and two misuse workloads while the leader of an events partition is killed with
 * SIGKILL. Then: every event is in the events topic exactly once (per-ctx seq ranges, closed, fault
 * counts equal to what the collectors report), and the findings topic (read_committed) holds exactly
 * the findings a direct replay of those events gives, each once — also those of the run after the kill.
 * down.sh runs in {@link #down} whatever happened.
 */
@Timeout(value = 7, unit = TimeUnit.MINUTES)
class ClusterIT {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterIT.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    // ports apart from the scripts' defaults, so a developer's cluster and this test can coexist
    private static final int KAFKA_PORT = 29092;
    private static final String BOOTSTRAP = "127.0.0.1:29092,127.0.0.1:29093,127.0.0.1:29094";
    private static final String FLINK_URL = "http://127.0.0.1:28081";

    private static ClusterScripts scripts;
    private static String jobId;

    @BeforeAll
    static void up() throws Exception {
        Path deploy = Path.of(System.getProperty("uffdtrace.deploy.dir", ".")).toAbsolutePath();
        scripts = new ClusterScripts(deploy, deploy.resolve("target/cluster-it"), Map.of(
                "KAFKA_PORT", String.valueOf(KAFKA_PORT), "KAFKA_CONTROLLER_PORT", "29192",
                "FLINK_REST_PORT", "28081", "FLINK_RPC_PORT", "26123", "FLINK_PORT_RANGE", "26124-26160"));
        long t0 = System.nanoTime();
        // a test JVM killed from outside (a CI timeout) still stops the cluster
        Runtime.getRuntime().addShutdownHook(new Thread(ClusterIT::downQuietly, "cluster-down"));
        scripts.run(Duration.ofMinutes(4), "up.sh");
        LOG.info("cluster up in {} s", seconds(t0));
        // checkpoints every 2 s: findings become visible (committed) that often
        jobId = scripts.run(Duration.ofMinutes(2), "submit.sh", "--checkpoint-interval", "2s",
                "--transactional-id-prefix", "uffdtrace-cluster-it").lastLine().strip();
        LOG.info("job {} running after {} s", jobId, seconds(t0));
    }

    @AfterAll
    static void down() throws Exception {
        if (scripts != null) {
            scripts.run(Duration.ofMinutes(1), "down.sh");
        }
    }

    private static void downQuietly() {
        try {
            down(); // after @AfterAll it finds no pids left: a no-op
        } catch (Exception e) {
            LOG.warn("down.sh from the shutdown hook failed", e);
        }
    }

    /** What the collectors reported, and how many events the topic held when the broker died. */
    private record Collected(List<ClusterScripts.Run> runs, long eventsAtKill) {
        long faults() {
            return runs.stream().mapToLong(r -> summary(r).path("faults").asLong()).sum();
        }
    }

    @Test
    void eventsOnceAndFindingsExactlyOnceThroughABrokerKill() throws Exception {
        long t0 = System.nanoTime();
        Collected collected = collectAcrossABrokerKill(t0);

        List<String> events = TopicReader.readAll(BOOTSTRAP, "uffd-events", Duration.ofSeconds(60));
        SeqLedger ledger = SeqLedger.of(events);
        assertThat(ledger.problems()).as("every ctx complete, each event once").isEmpty();
        assertThat(ledger.lossEvents()).as("no events dropped by the collectors").isZero();
        assertThat((long) events.size()).as("events published after the kill").isGreaterThan(collected.eventsAtKill());
        assertThat(ledger.faults()).as("fault events in the topic = faults the collectors handled")
                .isEqualTo(collected.faults()).isPositive();

        Findings expected = Findings.replayOf(events);
        assertThat(expected.ctxs()).as("the misuse runs give findings").hasSizeGreaterThanOrEqualTo(2);
        Findings actual = Findings.awaitTopic(BOOTSTRAP, "uffd-findings", expected, Duration.ofSeconds(90));
        assertThat(actual.counts()).as("findings on the topic, each exactly once").isEqualTo(expected.counts());
        LOG.info("{} events, {} findings verified at {} s", events.size(), actual.size(), seconds(t0));

        assertThat(awaitFindingCounters()).as("finding counters by rule and severity (the PrometheusRule's metric)")
                .isNotEmpty()
                .allMatch(id -> id.matches("\\d+\\.finding_metrics\\.uffdtrace\\.rule\\.[A-Z_]+\\.severity\\.[a-z]+\\.findings"));
        // the Flink metrics the PrometheusRule names besides the finding counter
        for (String metric : ManifestsTest.FLINK_SYSTEM_METRICS) {
            assertThat(FlinkRest.jobManagerMetrics(FLINK_URL)).contains(metric.replace("flink_jobmanager_", ""));
        }
        assertThat(FlinkRest.get(FLINK_URL + "/jobs/" + jobId).path("state").asText()).isEqualTo("RUNNING");
    }

    /**
     * A misuse run; a steady fault load during which the leader of an events partition is killed
     * once the load is publishing; a misuse run after the kill. The fault run's big queue keeps it
     * from dropping events (as loss) while the producer waits for new partition leaders.
     */
    private static Collected collectAcrossABrokerKill(long t0) throws Exception {
        ClusterScripts.Run misuseBefore = scripts.run(Duration.ofMinutes(1), "collect.sh", "--workload", "misuse");
        long before = TopicReader.size(BOOTSTRAP, "uffd-events");
        ClusterScripts.Started faults = scripts.start("collect.sh", "--workload", "zeropage", "--pages", "64",
                "--threads", "1", "--duration", "25s", "--queue", "2000000");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
        while (TopicReader.size(BOOTSTRAP, "uffd-events") < before + 10_000 && System.nanoTime() < deadline) {
            Thread.sleep(500);
        }
        long atKill = TopicReader.size(BOOTSTRAP, "uffd-events");
        assertThat(atKill).as("the fault workload publishes").isGreaterThanOrEqualTo(before + 10_000);
        assertThat(faults.process().isAlive()).as("the fault workload runs when the broker is killed").isTrue();
        String victim = killEventsLeader();
        LOG.info("killed {} at {} s, {} events in the topic", victim, seconds(t0), atKill);
        ClusterScripts.Run misuseAfter = scripts.run(Duration.ofMinutes(1), "collect.sh", "--workload", "misuse");
        ClusterScripts.Run faultRun = faults.await(Duration.ofMinutes(2));
        assertThat(faultRun.exitCode()).as("zeropage collector:\n%s", faultRun.output()).isZero();
        LOG.info("collectors done at {} s: {}", seconds(t0), summary(faultRun));
        return new Collected(List.of(misuseBefore, faultRun, misuseAfter), atKill);
    }

    /** The finding counters, once the web monitor has fetched them (it polls the TaskManagers). */
    private static List<String> awaitFindingCounters() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        List<String> counters = FlinkRest.findingCounters(FLINK_URL, jobId);
        while (counters.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(1_000);
            counters = FlinkRest.findingCounters(FLINK_URL, jobId);
        }
        return counters;
    }

    /** SIGKILLs the broker leading partition 0 of the events topic; returns its name ("kafka-N"). */
    private static String killEventsLeader() throws Exception {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP);
        int leader;
        try (Admin admin = Admin.create(p)) {
            TopicPartitionInfo p0 = admin.describeTopics(List.of("uffd-events")).allTopicNames()
                    .get(30, TimeUnit.SECONDS).get("uffd-events").partitions().get(0);
            leader = p0.leader().id();
        }
        String name = "kafka-" + leader;
        ProcessHandle broker = ProcessHandle.of(scripts.pid(name)).orElseThrow();
        broker.destroyForcibly(); // SIGKILL: no controlled shutdown, no leadership handover
        broker.onExit().get(20, TimeUnit.SECONDS);
        return name;
    }

    /** The collector's JSON summary line (its stderr, merged into the output, may follow it). */
    private static JsonNode summary(ClusterScripts.Run r) {
        String line = r.output().lines().filter(l -> l.startsWith("{\"workload\"")).reduce((a, b) -> b).orElse("");
        try {
            return JSON.readTree(line);
        } catch (java.io.IOException e) {
            throw new AssertionError("no JSON summary from " + r.script() + ":\n" + r.output(), e);
        }
    }

    private static long seconds(long t0) {
        return TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0);
    }

}
