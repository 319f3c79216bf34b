package dev.uffdtrace.collector.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;

/**
 * A real single-node Kafka (KRaft, broker and controller in one process) inside this JVM, bound to
 * 127.0.0.1 only. For {@code uffdtrace run} and integration tests.
 *
 * <pre>{@code
 * try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start(null)) {
 *     kafka.createTopic("uffd-events", 4);
 *     publish(kafka.bootstrap(), "uffd-events");
 * }
 * }</pre>
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final KafkaRaftServer server;
    private final Path dataDir;
    private final boolean deleteOnClose;
    private final String bootstrap;
    private final Admin admin;
    private boolean closed;

    private EmbeddedKafkaBroker(KafkaRaftServer server, Path dataDir, boolean deleteOnClose, String bootstrap,
                                Admin admin) {
        this.server = server;
        this.dataDir = dataDir;
        this.deleteOnClose = deleteOnClose;
        this.bootstrap = bootstrap;
        this.admin = admin;
    }

    /**
     * Starts a broker on free loopback ports.
     *
     * @param dataDirOrNull where the log lives (kept on close); null for a temporary directory that
     *                      {@link #close()} deletes
     */
    public static EmbeddedKafkaBroker start(Path dataDirOrNull) throws IOException {
        return start(dataDirOrNull, 0, 0);
    }

    /**
     * Starts a broker on the given loopback ports, 0 meaning a free one. A data directory that is
     * already formatted is reused with its data; a port given as 0 is then the one it last had,
     * since the quorum's record of its one voter names the controller port.
     */
    public static EmbeddedKafkaBroker start(Path dataDirOrNull, int brokerPort, int controllerPort)
            throws IOException {
        checkPort(brokerPort, "brokerPort");
        checkPort(controllerPort, "controllerPort");
        boolean temporary = dataDirOrNull == null;
        Path dir = temporary ? Files.createTempDirectory("uffdtrace-kafka-") : Files.createDirectories(dataDirOrNull);
        KafkaRaftServer server = null;
        Admin admin = null;
        try {
            KraftNodeConfig node = KraftNodeConfig.prepare(dir, brokerPort, controllerPort);
            server = new KafkaRaftServer(KafkaConfig.fromProps(node.server()), Time.SYSTEM);
            server.startup();
            String bootstrap = KraftNodeConfig.LOOPBACK + ":" + node.brokerPort();
            admin = Admin.create(adminProperties(bootstrap));
            awaitBroker(admin, bootstrap);
            return new EmbeddedKafkaBroker(server, dir, temporary, bootstrap, admin);
        } catch (IOException | RuntimeException e) {
            if (admin != null) {
                admin.close(Duration.ZERO);
            }
            stop(server);
            if (temporary) {
                deleteTree(dir);
            }
            throw e;
        }
    }

    /** {@code 127.0.0.1:PORT} of the broker's PLAINTEXT listener. */
    public String bootstrap() {
        return bootstrap;
    }

    public Path dataDir() {
        return dataDir;
    }

    /**
     * Creates a topic with replication factor 1 (nothing if it exists) and returns when the broker
     * leads every partition, so producers and consumers can use it at once.
     */
    public void createTopic(String name, int partitions) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions: must be >= 1, was " + partitions);
        }
        try {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all()
                    .get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("create topic " + name + ": " + e.getCause().getMessage(), e.getCause());
            }
        } catch (TimeoutException e) {
            throw new IllegalStateException("create topic " + name + ": no answer within " + READY_TIMEOUT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("create topic " + name + ": interrupted", e);
        }
        awaitLeaders(name);
    }

    /** Shuts the broker down and deletes the data directory if it was a temporary one; again does nothing. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        admin.close(Duration.ofSeconds(5));
        stop(server);
        if (deleteOnClose) {
            deleteTree(dataDir);
        }
    }

    private void awaitLeaders(String name) {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            try {
                TopicDescription d = admin.describeTopics(List.of(name)).allTopicNames()
                        .get(5, TimeUnit.SECONDS).get(name);
                if (d.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty())) {
                    awaitWritable(d);
                    return;
                }
                last = "partitions without a leader";
            } catch (ExecutionException | TimeoutException e) {
                last = String.valueOf(e.getCause() != null ? e.getCause().getMessage() : e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("create topic " + name + ": interrupted", e);
            }
            sleep(20);
        }
        throw new IllegalStateException("create topic " + name + ": not ready within " + READY_TIMEOUT + " (" + last + ")");
    }

    /**
     * Waits until the broker serves every partition as leader, not only until the metadata names it.
     * In between, a produce request fails with NOT_LEADER_OR_FOLLOWER while later requests already in
     * flight succeed; the broker accepts those from a producer it does not know yet at any sequence
     * number, and the idempotent producer's retry of the first batch then fails as out of order.
     * ListOffsets is answered by the same leader check as Produce, and Admin retries it.
     */
    private void awaitWritable(TopicDescription d) throws ExecutionException, TimeoutException, InterruptedException {
        Map<TopicPartition, OffsetSpec> query = new HashMap<>();
        d.partitions().forEach(p -> query.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest()));
        admin.listOffsets(query).all().get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static Properties adminProperties(String bootstrap) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(AdminClientConfig.CLIENT_ID_CONFIG, "uffdtrace-embedded-admin");
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "15000");
        return p;
    }

    private static void awaitBroker(Admin admin, String bootstrap) {
        try {
            int nodes = admin.describeCluster().nodes().get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).size();
            if (nodes != 1) {
                throw new IllegalStateException("embedded Kafka at " + bootstrap + ": expected 1 node, saw " + nodes);
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("embedded Kafka at " + bootstrap + " not ready within " + READY_TIMEOUT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("embedded Kafka at " + bootstrap + ": interrupted while starting", e);
        }
    }

    private static void stop(KafkaRaftServer server) {
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
        }
    }

    private static void checkPort(int port, String name) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(name + ": must be 0 (any free port) or 1..65535, was " + port);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("delete " + dir, e);
        }
    }
}
