package dev.uffdtrace.analyzer.synth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.uffdtrace.analyzer.trace.DeadLetter;
import dev.uffdtrace.analyzer.trace.TraceEvent;
import dev.uffdtrace.analyzer.trace.TraceReader;
import dev.uffdtrace.analyzer.trace.TraceSink;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TraceGeneratorTest {
    @TempDir
    Path dir;

    @Test
    void writesTheSameEventsItGeneratesAndReportsProgress() throws IOException {
        List<TraceEvent> generated = new ArrayList<>();
        new TraceGenerator(5, 200_000, 16).generate(generated::add);
        List<Long> progress = new ArrayList<>();

        Path file = dir.resolve("t.jsonl.gz");
        long written = new TraceGenerator(5, 200_000, 16).writeTo(file, progress::add);

        List<TraceEvent> read = new ArrayList<>();
        new TraceReader().read(file, new TraceSink() {
            @Override
            public void event(TraceEvent e) {
                read.add(e);
            }

            @Override
            public void deadLetter(DeadLetter d) {
                throw new AssertionError(d.toString());
            }
        });
        assertThat(written).isEqualTo(generated.size());
        assertThat(read).isEqualTo(generated);
        assertThat(progress).containsExactly(65_536L, 131_072L, 196_608L);
    }

    @Test
    void anUnwritableFileIsAnIOException() {
        Path file = dir.resolve("missing-dir").resolve("t.jsonl");
        assertThatThrownBy(() -> new TraceGenerator(5, 10, 1).writeTo(file, n -> { }))
                .isInstanceOf(IOException.class);
        assertThat(Files.exists(file)).isFalse();
    }
}
