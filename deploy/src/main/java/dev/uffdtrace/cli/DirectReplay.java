package dev.uffdtrace.cli;

import dev.uffdtrace.analyzer.replay.ReplayResult;
import dev.uffdtrace.analyzer.replay.ReplaySettings;
import dev.uffdtrace.analyzer.replay.TraceReplay;
import dev.uffdtrace.analyzer.report.ReplayOutputs;
import dev.uffdtrace.analyzer.trace.TraceReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** The analyzer's own single-threaded replay of trace files (engine {@code direct}). */
final class DirectReplay {
    private DirectReplay() {
    }

    static ReplayResult run(ReplaySettings settings, ReplayInputs inputs, ReplayOutputs outputs, Progress progress)
            throws IOException {
        TraceReplay replay = new TraceReplay(settings, outputs::deadLetter);
        TraceReader reader = new TraceReader();
        long total = inputs.totalBytes();
        long[] before = {0};
        long[] events = {0};
        for (Path file : inputs.files()) {
            try (CountingInputStream counting = new CountingInputStream(Files.newInputStream(file));
                 InputStream in = TraceReader.decompressed(counting)) {
                reader.read(in, file.toString(), new ProgressSink(replay, () -> {
                    events[0]++;
                    if ((events[0] & 0xFFFF) == 0) {
                        progress.update(before[0] + counting.count(), total, events[0]);
                    }
                }));
                before[0] += counting.count();
            }
        }
        progress.done();
        return replay.finish();
    }

    /** Passes everything through to the replay and ticks the progress per event. */
    private record ProgressSink(TraceReplay replay, Runnable tick) implements dev.uffdtrace.analyzer.trace.TraceSink {
        @Override
        public void position(String source, long line) {
            replay.position(source, line);
        }

        @Override
        public void event(dev.uffdtrace.analyzer.trace.TraceEvent event) {
            replay.event(event);
            tick.run();
        }

        @Override
        public void deadLetter(dev.uffdtrace.analyzer.trace.DeadLetter deadLetter) {
            replay.deadLetter(deadLetter);
        }
    }
}
