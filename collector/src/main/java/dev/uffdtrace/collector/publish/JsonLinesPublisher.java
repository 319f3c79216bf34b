package dev.uffdtrace.collector.publish;

import dev.uffdtrace.analyzer.trace.TraceEvent;
import dev.uffdtrace.analyzer.trace.TraceWriter;
import java.io.IOException;
import java.nio.file.Path;

/** Writes events to a JSON Lines file ({@code .gz}: compressed) through the analyzer's codec. */
public final class JsonLinesPublisher implements EventPublisher {
    private final TraceWriter writer;
    private long published;

    public JsonLinesPublisher(Path file) throws IOException {
        this.writer = TraceWriter.create(file);
    }

    @Override
    public void publish(TraceEvent event) throws IOException {
        writer.write(event);
        published++;
    }

    public long published() {
        return published;
    }

    @Override
    public void flush() throws IOException {
        writer.flush();
    }

    @Override
    public void close() throws IOException {
        writer.close();
    }
}
