package dev.uffdtrace.analyzer.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.uffdtrace.analyzer.replay.ReplayResult;
import dev.uffdtrace.analyzer.rules.Finding;
import dev.uffdtrace.analyzer.rules.FindingJson;
import dev.uffdtrace.analyzer.trace.DeadLetter;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The output folder of a replay: {@code deadletter.jsonl} is written as records arrive (there can
 * be many); {@code findings.jsonl}, {@code latency.json} and {@code summary.txt} at the end.
 */
public final class ReplayOutputs implements AutoCloseable {
    public static final String FINDINGS = "findings.jsonl";
    public static final String LATENCY = "latency.json";
    public static final String DEAD_LETTERS = "deadletter.jsonl";
    public static final String SUMMARY = "summary.txt";
    private static final JsonFactory FACTORY = new JsonFactory();

    private final Path dir;
    private final Writer deadLetters;

    public ReplayOutputs(Path dir) throws IOException {
        this.dir = dir;
        Files.createDirectories(dir);
        this.deadLetters = Files.newBufferedWriter(dir.resolve(DEAD_LETTERS), StandardCharsets.UTF_8);
    }

    public Path dir() {
        return dir;
    }

    public void deadLetter(DeadLetter d) {
        try {
            deadLetters.write(encode(d));
            deadLetters.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String encode(DeadLetter d) {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(w)) {
            g.writeStartObject();
            g.writeStringField("source", d.source());
            g.writeNumberField("line", d.line());
            g.writeStringField("reason", d.reason());
            g.writeStringField("raw", d.raw());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    /** Writes the end-of-replay files. */
    public void finish(ReplayResult r) throws IOException {
        deadLetters.flush();
        try (BufferedWriter w = Files.newBufferedWriter(dir.resolve(FINDINGS), StandardCharsets.UTF_8)) {
            for (Finding f : r.findings()) {
                w.write(FindingJson.encode(f));
                w.write('\n');
            }
        }
        Files.writeString(dir.resolve(LATENCY), LatencyReport.render(r) + "\n", StandardCharsets.UTF_8);
        Files.writeString(dir.resolve(SUMMARY), SummaryReport.render(r), StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        deadLetters.close();
    }
}
