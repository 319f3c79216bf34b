package dev.uffdtrace.cli;

import dev.uffdtrace.analyzer.trace.TraceReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The TRACE arguments of {@code replay}: files and folders of {@code .jsonl[.gz]}, or one
 * {@code kafka:TOPIC}. Checked up front so an unreadable input fails before any work.
 */
record ReplayInputs(List<Path> files, String kafkaTopic) {
    static final String KAFKA_PREFIX = "kafka:";

    static ReplayInputs parse(List<String> args) throws CannotRunException {
        List<Path> files = new ArrayList<>();
        String topic = null;
        for (String a : args) {
            if (a.startsWith(KAFKA_PREFIX)) {
                if (topic != null || a.length() == KAFKA_PREFIX.length()) {
                    throw new IllegalArgumentException("give exactly one kafka:TOPIC");
                }
                topic = a.substring(KAFKA_PREFIX.length());
                continue;
            }
            Path p = Path.of(a);
            if (!Files.exists(p)) {
                throw new CannotRunException("cannot read " + a + ": no such file or directory");
            }
            try {
                List<Path> found = TraceReader.traceFiles(p);
                if (found.isEmpty()) {
                    throw new CannotRunException("no .jsonl or .jsonl.gz traces in " + a);
                }
                files.addAll(found);
            } catch (IOException e) {
                throw new CannotRunException(e.getMessage(), e);
            }
        }
        if (topic != null && !files.isEmpty()) {
            throw new IllegalArgumentException("replay either files or one kafka:TOPIC, not both");
        }
        return new ReplayInputs(List.copyOf(files), topic);
    }

    long totalBytes() {
        long n = 0;
        for (Path p : files) {
            try {
                n += Files.size(p);
            } catch (IOException e) {
                // size is only for progress and engine choice; the read reports the real error
            }
        }
        return n;
    }
}
