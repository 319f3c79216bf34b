package dev.uffdtrace.collector.kafka;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;

/**
 * The files of the embedded broker's one KRaft node: {@code DIR/server.properties} and the
 * formatted log directory {@code DIR/log}.
 *
 * @param server         the broker and controller configuration
 * @param brokerPort     the PLAINTEXT listener's port on 127.0.0.1
 * @param controllerPort the CONTROLLER listener's port on 127.0.0.1
 */
record KraftNodeConfig(Properties server, int brokerPort, int controllerPort) {
    static final String LOOPBACK = "127.0.0.1";

    /**
     * Writes the configuration into {@code dir} and formats the log directory unless it already is.
     * A port given as 0 is the one a formatted directory had, else a free one.
     */
    static KraftNodeConfig prepare(Path dir, int brokerPort, int controllerPort) throws IOException {
        Path configFile = dir.resolve("server.properties");
        boolean formatted = Files.exists(dir.resolve("log").resolve("meta.properties"));
        Properties previous = formatted && Files.exists(configFile) ? load(configFile) : new Properties();
        int port = choosePort(brokerPort, previous, "PLAINTEXT");
        int cport = choosePort(controllerPort, previous, "CONTROLLER");
        Properties props = serverProperties(dir.resolve("log"), port, cport);
        try (Writer w = Files.newBufferedWriter(configFile, StandardCharsets.UTF_8)) {
            props.store(w, "uffdtrace embedded broker");
        }
        if (!formatted) {
            format(configFile);
        }
        return new KraftNodeConfig(props, port, cport);
    }

    private static Properties serverProperties(Path logDir, int port, int controllerPort) {
        Properties p = new Properties();
        p.putAll(Map.ofEntries(
                Map.entry("process.roles", "broker,controller"),
                Map.entry("node.id", "1"),
                Map.entry("listeners", "PLAINTEXT://" + LOOPBACK + ":" + port + ",CONTROLLER://" + LOOPBACK + ":" + controllerPort),
                Map.entry("advertised.listeners", "PLAINTEXT://" + LOOPBACK + ":" + port),
                Map.entry("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT"),
                Map.entry("inter.broker.listener.name", "PLAINTEXT"),
                Map.entry("controller.listener.names", "CONTROLLER"),
                Map.entry("controller.quorum.bootstrap.servers", LOOPBACK + ":" + controllerPort),
                Map.entry("log.dirs", logDir.toAbsolutePath().toString()),
                Map.entry("num.partitions", "1"),
                Map.entry("offsets.topic.replication.factor", "1"),
                Map.entry("offsets.topic.num.partitions", "1"),
                Map.entry("transaction.state.log.replication.factor", "1"),
                Map.entry("transaction.state.log.min.isr", "1"),
                Map.entry("transaction.state.log.num.partitions", "1"),
                Map.entry("group.initial.rebalance.delay.ms", "0"),
                // the default dedupe buffer asks for 128 MiB of heap; compacted topics here are tiny
                Map.entry("log.cleaner.dedupe.buffer.size", "2097152"),
                Map.entry("auto.create.topics.enable", "false")));
        return p;
    }

    private static void format(Path configFile) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        // --standalone: the node is the quorum's one voter, named by controller.quorum.bootstrap.servers
        String[] args = {"format", "-t", Uuid.randomUuid().toString(), "-c", configFile.toString(), "--standalone"};
        int rc;
        try (PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8)) {
            rc = StorageTool.execute(args, ps);
        } catch (RuntimeException e) {
            throw new IOException("format Kafka storage: " + e.getMessage(), e);
        }
        if (rc != 0) {
            throw new IOException("format Kafka storage: exit " + rc + ": " + out.toString(StandardCharsets.UTF_8).trim());
        }
    }

    private static Properties load(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        return p;
    }

    /** The port asked for, else the listener's port in {@code previous}, else a free one. */
    private static int choosePort(int asked, Properties previous, String listener) throws IOException {
        if (asked != 0) {
            return asked;
        }
        Matcher m = Pattern.compile(listener + "://[^:,]+:(\\d+)").matcher(previous.getProperty("listeners", ""));
        return m.find() ? Integer.parseInt(m.group(1)) : freePort();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
            return s.getLocalPort();
        }
    }
}
