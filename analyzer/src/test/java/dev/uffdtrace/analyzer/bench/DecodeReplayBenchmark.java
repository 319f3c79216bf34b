package dev.uffdtrace.analyzer.bench;

import dev.uffdtrace.analyzer.replay.ReplaySettings;
import dev.uffdtrace.analyzer.replay.TraceReplay;
import dev.uffdtrace.analyzer.synth.TraceGenerator;
import dev.uffdtrace.analyzer.trace.InvalidRecordException;
import dev.uffdtrace.analyzer.trace.TraceEvent;
import dev.uffdtrace.analyzer.trace.TraceJson;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Micro-benchmarks of the two halves of a replay, per event: decoding one JSON line, and
 * applying one decoded event to the replay state. The end-to-end figure (files, 10 M events)
 * comes from {@code uffdtrace replay}; see BENCHMARKS.md.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class DecodeReplayBenchmark {
    static final int EVENTS = 200_000;
    private final TraceJson json = new TraceJson();
    private byte[][] lines;
    private List<TraceEvent> events;

    @Setup
    public void setUp() {
        events = new ArrayList<>(EVENTS);
        new TraceGenerator(7, EVENTS, 64).generate(events::add);
        lines = new byte[events.size()][];
        for (int i = 0; i < events.size(); i++) {
            lines[i] = json.encodeBytes(events.get(i));
        }
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public long decode() throws InvalidRecordException {
        long seqs = 0;
        for (byte[] line : lines) {
            seqs += json.decode(line, 0, line.length).seq();
        }
        return seqs;
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public long replay() {
        TraceReplay r = new TraceReplay(ReplaySettings.defaults(), d -> { });
        for (int i = 0; i < EVENTS && i < events.size(); i++) {
            r.event(events.get(i));
        }
        return r.finish().events();
    }
}
