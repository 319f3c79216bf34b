package dev.uffdtrace.analyzer.trace;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/**
 * Writes events as JSON Lines; a file whose name ends in {@code .gz} is gzip-compressed.
 * Not thread-safe: one writer per thread, or synchronize around it.
 */
public final class TraceWriter implements AutoCloseable {
    private final OutputStream out;
    private final JsonGenerator generator;

    public TraceWriter(OutputStream out) throws IOException {
        this.out = out;
        this.generator = TraceJson.FACTORY.createGenerator(out);
        this.generator.setPrettyPrinter(new MinimalPrettyPrinter("\n"));
    }

    public static TraceWriter create(Path file) throws IOException {
        OutputStream os = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
        if (file.getFileName().toString().endsWith(".gz")) {
            os = new GZIPOutputStream(os, 1 << 16);
        }
        return new TraceWriter(os);
    }

    public void write(TraceEvent e) throws IOException {
        TraceJson.write(e, generator);
    }

    public void flush() throws IOException {
        generator.flush();
        out.flush();
    }

    @Override
    public void close() throws IOException {
        generator.writeRaw('\n');
        generator.close();
        out.close();
    }
}
