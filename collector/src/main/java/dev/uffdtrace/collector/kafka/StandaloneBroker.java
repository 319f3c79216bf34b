package dev.uffdtrace.collector.kafka;

import java.io.IOException;
import java.nio.file.Path;

/**
 * {@link EmbeddedKafkaBroker} as a process of its own, for the benchmark scripts: the broker must not
 * share a JVM (its heap, GC and JIT) with what is measured. Prints its bootstrap address on the first
 * line of standard output once it serves, and stops when its standard input closes (the script that
 * started it exits, however it exits).
 *
 * <pre>
 *   java -cp CLASSPATH dev.uffdtrace.collector.kafka.StandaloneBroker [DATA_DIR]
 * </pre>
 */
public final class StandaloneBroker {
    private StandaloneBroker() {
    }

    public static void main(String[] args) throws IOException {
        Path dataDir = args.length > 0 ? Path.of(args[0]) : null; // none: a temporary folder, deleted at the end
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dataDir)) {
            System.out.println(broker.bootstrap());
            System.out.flush();
            while (System.in.read() >= 0) {
                // nothing is sent; end of input is the signal to stop
            }
        }
    }
}
