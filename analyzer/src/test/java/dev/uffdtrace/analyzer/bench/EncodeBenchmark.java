package dev.uffdtrace.analyzer.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.uffdtrace.analyzer.synth.TraceGenerator;
import dev.uffdtrace.analyzer.trace.TraceEvent;
import dev.uffdtrace.analyzer.trace.TraceJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Encoding one event to its JSON bytes, as the Kafka publisher does per record:
 * {@code encodeBytes} is the codec's path, {@code jacksonGeneratorPerEvent} what it did before
 * (a Jackson generator created per event over a reused buffer), kept here to compare both in one
 * run. One ctx is what a collector with one uffd publishes; 64 interleaved ctxs defeat any
 * per-ctx caching.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class EncodeBenchmark {
    static final int EVENTS = 100_000;
    private static final JsonFactory FACTORY = new JsonFactory();

    @Param({"1", "64"})
    public int contexts;

    private final TraceJson json = new TraceJson();
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(256);
    private TraceEvent[] events;

    @Setup
    public void setUp() {
        List<TraceEvent> list = new ArrayList<>(EVENTS);
        new TraceGenerator(7, EVENTS, contexts).generate(list::add);
        events = list.toArray(new TraceEvent[0]);
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public long encodeBytes() {
        long bytes = 0;
        for (int i = 0; i < EVENTS; i++) {
            bytes += json.encodeBytes(events[i]).length;
        }
        return bytes;
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public long jacksonGeneratorPerEvent() throws IOException {
        long bytes = 0;
        for (int i = 0; i < EVENTS; i++) {
            buffer.reset();
            try (JsonGenerator g = FACTORY.createGenerator(buffer)) {
                TraceJson.write(events[i], g);
            }
            bytes += buffer.toByteArray().length;
        }
        return bytes;
    }
}
