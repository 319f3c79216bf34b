package dev.uffdtrace.collector.kafka;

import java.io.IOException;
import java.nio.file.Path;

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
        Path dataDir = null;
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (args[i].equals("--data")) {
                dataDir = Path.of(args[i + 1]);
            }
        }
        if (args.length % 2 != 0) {
            System.err.println(USAGE);
            System.exit(2);
        }
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dataDir)) {
            for (int i = 0; i < args.length; i += 2) {
                switch (args[i]) {
                    case "--data" -> { }
                    case "--topic" -> createTopic(broker, args[i + 1]);
                    default -> {
                        System.err.println(USAGE);
                        System.exit(2);
                    }
                }
            }
            System.out.println(broker.bootstrap());
            System.out.flush();
            while (System.in.read() >= 0) {
                // nothing is sent; end of input is the signal to stop
            }
        }
    }

    private static void createTopic(EmbeddedKafkaBroker broker, String spec) {
        int colon = spec.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("--topic " + spec + ": expected NAME:PARTITIONS");
        }
        broker.createTopic(spec.substring(0, colon), Integer.parseInt(spec.substring(colon + 1)));
    }
}
