package dev.uffdtrace.collector.kafka;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@link EmbeddedKafkaBroker} as a process of its own, for the benchmark scripts: the broker must not
 * share a JVM (its heap, GC and JIT) with what is measured. Creates the topics it is given, prints its
 * bootstrap address on the first line of standard output once it serves, and stops when its standard
 * input closes (the script that started it exits, however it exits).
 *
 * <pre>
 *   java -cp CLASSPATH dev.uffdtrace.collector.kafka.StandaloneBroker [--data DIR] [--topic NAME:PARTITIONS]...
 * </pre>
 * Without {@code --data} the log segments go to a temporary folder that is deleted at the end.
 */
public final class StandaloneBroker {
    private static final String USAGE = "usage: StandaloneBroker [--data DIR] [--topic NAME:PARTITIONS]...";

    private StandaloneBroker() {
    }

    public static void main(String[] args) throws IOException {
        // read every argument before starting: a usage error must not leave a broker behind
        Path dataDir = null;
        Map<String, Integer> topics = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            int colon = value == null ? -1 : value.lastIndexOf(':');
            if (args[i].equals("--data") && value != null) {
                dataDir = Path.of(value);
            } else if (args[i].equals("--topic") && colon > 0) {
                topics.put(value.substring(0, colon), Integer.parseInt(value.substring(colon + 1)));
            } else {
                System.err.println(USAGE);
                System.exit(2);
            }
        }
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dataDir)) {
            topics.forEach(broker::createTopic);
            System.out.println(broker.bootstrap());
            System.out.flush();
            while (System.in.read() >= 0) {
                // nothing is sent; end of input is the signal to stop
            }
        }
    }
}
