package dev.uffdtrace.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import dev.uffdtrace.analyzer.rules.Severity;
import dev.uffdtrace.collector.cli.CollectCommand;
import dev.uffdtrace.collector.workload.Workloads;
import dev.uffdtrace.pipeline.KafkaPipeline;
import dev.uffdtrace.pipeline.StreamingJob;
import dev.uffdtrace.pipeline.cli.StreamingOptions;
import dev.uffdtrace.pipeline.function.FindingMetricsFunction;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.metrics.reporter.MetricReporterFactory;
import org.apache.flink.runtime.util.EnvironmentInformation;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.AppInfoParser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Offline checks of deploy/k8s, deploy/compose and the cluster scripts against the code they
 * deploy: pinned images, one set of topic names, bootstrap addresses that point at the Kafka the
 * manifests define, Flink keys Flink knows, job arguments StreamingJob accepts, the collector's
 * userfaultfd privileges, and alert expressions over metrics the pipeline registers.
 */
class ManifestsTest {
    private static final Pattern PINNED = Pattern.compile("[a-z0-9./_-]+(:[A-Za-z0-9._-]+|@sha256:[0-9a-f]{64})");
    private static final Pattern METRIC = Pattern.compile("\\b(flink_[A-Za-z0-9_]+)");
    /** Flink's own metrics the rules may name; ClusterIT sees them on a running cluster. */
    static final Set<String> FLINK_SYSTEM_METRICS = Set.of("flink_jobmanager_numRunningJobs");

    private static Manifests m;

    @BeforeAll
    static void load() throws Exception {
        m = new Manifests(Path.of(System.getProperty("uffdtrace.deploy.dir", ".")).toAbsolutePath());
    }

    /** The topics, from the code: the job's option defaults and KafkaPipeline's. */
    static List<String> topics() {
        StreamingOptions o = new StreamingOptions();
        List<String> t = List.of(o.eventsTopic, o.findingsTopic, o.alertsTopic, o.latencyTopic, o.deadLetterTopic);
        KafkaPipeline.Topics d = KafkaPipeline.Topics.defaults();
        assertThat(t).containsExactly(d.events(), d.findings(), d.alerts(), d.latency(), d.deadLetters());
        return t;
    }

    /** The finding counter as Flink's Prometheus reporter names it (scope, group keys, name, joined by "_"). */
    static String findingMetric() {
        return "flink_taskmanager_job_task_operator_" + FindingMetricsFunction.GROUP + "_rule_severity_"
                + FindingMetricsFunction.COUNTER;
    }

    @Test
    void kustomizationListsEveryManifest() throws Exception {
        Set<String> files = new TreeSet<>();
        Manifests.yamlFiles(m.deployDir.resolve("k8s")).forEach(p -> files.add(p.getFileName().toString()));
        files.remove("kustomization.yaml");
        JsonNode k = Manifests.read(m.deployDir.resolve("k8s/kustomization.yaml")).get(0).node();
        assertThat(new TreeSet<>(Manifests.strings(k.path("resources")))).isEqualTo(files);
        assertThat(m.k8s).extracting(Manifests.Doc::kind).contains("Kafka", "KafkaNodePool", "KafkaTopic",
                "FlinkDeployment", "DaemonSet", "PrometheusRule");
    }

    @Test
    void everyImageIsPinnedAndVersionsAgree() {
        List<String> images = new ArrayList<>();
        m.k8s.forEach(d -> Manifests.eachField(d.node(), "image", n -> images.add(n.asText())));
        Manifests.eachField(m.compose, "image", n -> images.add(n.asText()));
        for (String df : List.of("compose/images/pipeline/Dockerfile", "compose/images/collector/Dockerfile")) {
            Matcher from = Pattern.compile("(?m)^FROM\\s+(\\S+)").matcher(m.text(df));
            while (from.find()) {
                images.add(from.group(1));
            }
        }
        assertThat(images).hasSizeGreaterThanOrEqualTo(8).allSatisfy(i -> {
            assertThat(i).as("image %s: a tag or digest", i).matches(PINNED);
            assertThat(i).as("image %s", i).doesNotEndWith(":latest");
        });
        // the images run the versions the build compiles against
        String kafka = AppInfoParser.getVersion();
        assertThat(images).contains("apache/kafka:" + kafka);
        assertThat(m.k8s("Kafka", null).node().at("/spec/kafka/version").asText()).isEqualTo(kafka);
        assertThat(m.text("compose/images/pipeline/Dockerfile"))
                .contains("FROM flink:" + EnvironmentInformation.getVersion() + "-")
                .contains("flink-metrics-prometheus-" + EnvironmentInformation.getVersion() + ".jar");
        String flinkVersion = EnvironmentInformation.getVersion().replaceAll("^(\\d+)\\.(\\d+).*", "v$1_$2");
        assertThat(m.k8s("FlinkDeployment", null).node().at("/spec/flinkVersion").asText()).isEqualTo(flinkVersion);
        // Kubernetes and Compose run the same images
        assertThat(m.service("jobmanager").path("image").asText()).isEqualTo(flinkDeployment().at("/spec/image").asText());
        assertThat(m.service("collector").path("image").asText()).isEqualTo(collectorContainer().path("image").asText());
    }

    @Test
    void topicNamesAgreeWithTheCode() {
        List<String> topics = topics();
        assertThat(m.k8sAll("KafkaTopic")).extracting(Manifests.Doc::name).containsExactlyInAnyOrderElementsOf(topics);
        for (Manifests.Doc t : m.k8sAll("KafkaTopic")) {
            assertThat(t.node().at("/metadata/labels/strimzi.io~1cluster").asText()).isEqualTo(kafkaName());
            assertThat(t.node().at("/spec/replicas").asInt()).isEqualTo(3);
            assertThat(t.node().at("/spec/config/min.insync.replicas").asInt()).isEqualTo(2);
        }
        String init = m.service("kafka-init").path("command").toString();
        assertThat(Manifests.allMatches(Pattern.compile("--topic (\\S+)"), init)).containsExactlyInAnyOrderElementsOf(topics);
        // the local cluster scripts default to the same names
        String env = m.text("cluster/env.sh");
        for (String var : List.of("EVENTS", "FINDINGS", "ALERTS", "LATENCY", "DEADLETTER")) {
            Matcher v = Pattern.compile(var + "_TOPIC=\"\\$\\{" + var + "_TOPIC:-([^}]+)}\"").matcher(env);
            assertThat(v.find()).as("env.sh sets %s_TOPIC", var).isTrue();
            assertThat(topics).contains(v.group(1));
        }
    }

    @Test
    void bootstrapAddressesPointAtTheKafkaOfTheManifests() {
        JsonNode plain = null;
        for (JsonNode l : m.k8s("Kafka", null).node().at("/spec/kafka/listeners")) {
            if (!l.path("tls").asBoolean() && l.path("type").asText().equals("internal")) {
                plain = l;
            }
        }
        assertThat(plain).as("a plain internal listener").isNotNull();
        String k8sBootstrap = kafkaName() + "-kafka-bootstrap:" + plain.path("port").asInt();
        assertThat(Manifests.option(jobArgs(), "--bootstrap")).isEqualTo(k8sBootstrap);
        assertThat(Manifests.option(Manifests.strings(collectorContainer().path("args")), "--bootstrap")).isEqualTo(k8sBootstrap);

        Set<String> brokers = new LinkedHashSet<>();
        m.compose.path("services").fields().forEachRemaining(s -> {
            String listeners = s.getValue().at("/environment/KAFKA_LISTENERS").asText();
            Matcher p = Pattern.compile("PLAINTEXT://:(\\d+)").matcher(listeners);
            if (p.find()) {
                brokers.add(s.getKey() + ":" + p.group(1));
                assertThat(s.getValue().at("/environment/KAFKA_ADVERTISED_LISTENERS").asText())
                        .isEqualTo("PLAINTEXT://" + s.getKey() + ":" + p.group(1));
                assertThatCode(() -> Uuid.fromString(s.getValue().at("/environment/CLUSTER_ID").asText()))
                        .as("%s CLUSTER_ID", s.getKey()).doesNotThrowAnyException();
            }
        });
        assertThat(brokers).hasSize(3);
        String composeBootstrap = String.join(",", brokers);
        assertThat(Manifests.option(composeJobArgs(), "--bootstrap")).isEqualTo(composeBootstrap);
        assertThat(Manifests.option(Manifests.strings(m.service("collector").path("command")), "--bootstrap")).isEqualTo(composeBootstrap);
        assertThat(Manifests.allMatches(Pattern.compile("--bootstrap-server (\\S+)"), m.service("kafka-init").path("command").toString()))
                .isNotEmpty().allMatch(composeBootstrap::equals);
    }

    @Test
    void flinkConfigurationKeysAreFlinkKeys() throws Exception {
        FlinkKeys flink = new FlinkKeys();
        assertThat(flink.size()).as("options found in flink-core").isGreaterThan(300);
        Set<String> prometheusKeys = Set.of("port");
        List<String> keys = new ArrayList<>();
        flinkDeployment().at("/spec/flinkConfiguration").fieldNames().forEachRemaining(keys::add);
        for (String service : List.of("jobmanager", "taskmanager")) {
            for (String line : m.service(service).at("/environment/FLINK_PROPERTIES").asText().split("\n")) {
                if (!line.isBlank()) {
                    keys.add(line.substring(0, line.indexOf(':')).strip());
                }
            }
        }
        keys.addAll(m.upShFlinkKeys());
        assertThat(keys).hasSizeGreaterThan(30).allSatisfy(k ->
                assertThat(flink.known(k, prometheusKeys)).as("Flink %s knows the key %s",
                        EnvironmentInformation.getVersion(), k).isTrue());
        String factory = flinkDeployment().at("/spec/flinkConfiguration/metrics.reporter.prom.factory.class").asText();
        assertThat(MetricReporterFactory.class.isAssignableFrom(Class.forName(factory))).isTrue();
    }

    @Test
    void theJobIsStreamingJobWithArgumentsItAccepts() {
        JsonNode job = flinkDeployment().path("spec").path("job");
        assertThat(job.path("entryClass").asText()).isEqualTo(StreamingJob.class.getName());
        String jar = job.path("jarURI").asText().replace("local://", "");
        assertThat(m.text("compose/images/pipeline/Dockerfile")).containsPattern("COPY \\S+ " + Pattern.quote(jar) + "\n");

        StreamingOptions k8s = parse(jobArgs());
        assertThat(List.of(k8s.eventsTopic, k8s.findingsTopic, k8s.alertsTopic, k8s.latencyTopic, k8s.deadLetterTopic))
                .isEqualTo(topics());
        String mount = flinkDeployment().at("/spec/podTemplate/spec/containers/0/volumeMounts/0/mountPath").asText();
        assertThat(k8s.checkpointDir.toString()).startsWith(mount + "/");
        assertThat(flinkDeployment().at("/spec/podTemplate/spec/volumes/0/persistentVolumeClaim/claimName").asText())
                .isEqualTo(m.k8s("PersistentVolumeClaim", null).name());
        int slots = flinkDeployment().at("/spec/taskManager/replicas").asInt()
                * flinkDeployment().at("/spec/flinkConfiguration/taskmanager.numberOfTaskSlots").asInt();
        assertThat(k8s.parallelism).isEqualTo(job.path("parallelism").asInt()).isLessThanOrEqualTo(slots);

        List<String> command = Manifests.strings(m.service("jobmanager").path("command"));
        assertThat(command.subList(0, 3)).containsExactly("standalone-job", "--job-classname", StreamingJob.class.getName());
        StreamingOptions compose = parse(composeJobArgs());
        assertThat(compose.checkpointDir).isEqualTo(k8s.checkpointDir);
        assertThat(m.service("jobmanager").path("volumes").toString()).contains(":" + mount);
    }

    @Test
    void theCollectorMayUseUserfaultfd() {
        JsonNode pod = m.k8s("DaemonSet", null).node().at("/spec/template/spec");
        JsonNode c = collectorContainer();
        assertThat(pod.path("hostPID").asBoolean()).isTrue();
        assertThat(c.at("/securityContext/privileged").asBoolean()).isTrue();
        assertThat(c.at("/securityContext/seccompProfile/type").asText()).isEqualTo("Unconfined");
        String volume = null;
        for (JsonNode v : pod.path("volumes")) {
            if (v.at("/hostPath/path").asText().equals("/dev/userfaultfd")) {
                assertThat(v.at("/hostPath/type").asText()).isEqualTo("CharDevice");
                volume = v.path("name").asText();
            }
        }
        assertThat(volume).as("a hostPath volume of /dev/userfaultfd").isNotNull();
        assertThat(c.path("volumeMounts").toString()).contains("\"name\":\"" + volume + "\",\"mountPath\":\"/dev/userfaultfd\"");
        checkCollectArgs(Manifests.strings(c.path("args")));

        JsonNode s = m.service("collector");
        assertThat(s.path("privileged").asBoolean()).isTrue();
        assertThat(s.path("pid").asText()).isEqualTo("host");
        assertThat(Manifests.strings(s.path("devices"))).contains("/dev/userfaultfd:/dev/userfaultfd");
        assertThat(Manifests.strings(s.path("security_opt"))).contains("seccomp=unconfined");
        checkCollectArgs(Manifests.strings(s.path("command")));
    }

    @Test
    void alertsNameMetricsThePipelineRegisters() {
        JsonNode rules = m.k8s("PrometheusRule", null).node().at("/spec/groups/0/rules");
        Set<String> metrics = new TreeSet<>();
        boolean critical = false;
        for (JsonNode r : rules) {
            String expr = r.path("expr").asText();
            metrics.addAll(Manifests.allMatches(METRIC, expr));
            for (String sev : Manifests.allMatches(Pattern.compile("severity=\"([a-z]+)\""), expr)) {
                assertThat(Severity.fromWire(sev).wireName()).isEqualTo(sev);
                critical |= sev.equals(Severity.CRITICAL.wireName()) && expr.contains(findingMetric());
            }
        }
        assertThat(critical).as("a rule on critical findings").isTrue();
        Set<String> registered = new TreeSet<>(FLINK_SYSTEM_METRICS);
        registered.add(findingMetric());
        assertThat(registered).containsAll(metrics);
        // Prometheus scrapes the reporter's port
        String port = m.k8s("PodMonitor", null).node().at("/spec/podMetricsEndpoints/0/port").asText();
        JsonNode p = flinkDeployment().at("/spec/podTemplate/spec/containers/0/ports/0");
        assertThat(p.path("name").asText()).isEqualTo(port);
        assertThat(p.path("containerPort").asText())
                .isEqualTo(flinkDeployment().at("/spec/flinkConfiguration/metrics.reporter.prom.port").asText());
        assertThat(m.k8s("PodMonitor", null).node().at("/spec/selector/matchLabels/app").asText())
                .isEqualTo(flinkDeployment().at("/metadata/name").asText());
    }

    private static void checkCollectArgs(List<String> args) {
        assertThat(args.get(0)).isEqualTo("collect");
        List<String> rest = args.subList(1, args.size());
        assertThatCode(() -> new CommandLine(new CollectCommand()).parseArgs(rest.toArray(String[]::new)))
                .as("uffdtrace collect accepts %s", rest).doesNotThrowAnyException();
        assertThatCode(() -> Workloads.byName(Manifests.option(rest, "--workload"))).doesNotThrowAnyException();
        assertThat(Manifests.option(rest, "--topic")).isEqualTo(topics().get(0));
    }

    private static StreamingOptions parse(List<String> args) {
        StreamingOptions o = new StreamingOptions();
        new CommandLine(o).parseArgs(args.toArray(String[]::new));
        return o;
    }

    private static JsonNode flinkDeployment() {
        return m.k8s("FlinkDeployment", null).node();
    }

    private static List<String> jobArgs() {
        return Manifests.strings(flinkDeployment().at("/spec/job/args"));
    }

    private static List<String> composeJobArgs() {
        List<String> c = Manifests.strings(m.service("jobmanager").path("command"));
        return c.subList(3, c.size());
    }

    private static JsonNode collectorContainer() {
        return m.k8s("DaemonSet", null).node().at("/spec/template/spec/containers/0");
    }

    private static String kafkaName() {
        return m.k8s("Kafka", null).name();
    }
}
