package dev.uffdtrace.analyzer.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** decode(encode(e)) == e for every event, and a writer/reader round trip through gzip. */
class TraceCodecPropertyTest {
    private final TraceJson json = new TraceJson();

    @Property(tries = 500)
    void roundTrip(@ForAll("events") TraceEvent e) throws Exception {
        assertThat(json.decode(json.encode(e))).isEqualTo(e);
    }

    @Property(tries = 30)
    void writerAndReaderRoundTripThroughGzip(@ForAll("eventLists") List<TraceEvent> events) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TraceWriter w = new TraceWriter(new GZIPOutputStream(bytes))) {
            for (TraceEvent e : events) {
                w.write(e);
            }
        }
        List<TraceEvent> back = new ArrayList<>();
        new TraceReader().read(TraceReader.decompressed(new ByteArrayInputStream(bytes.toByteArray())), "x",
                new TraceSink() {
                    @Override
                    public void event(TraceEvent e) {
                        back.add(e);
                    }

                    @Override
                    public void deadLetter(DeadLetter d) {
                        throw new AssertionError(d.reason());
                    }
                });
        assertThat(back).isEqualTo(events);
    }

    @Provide
    Arbitrary<List<TraceEvent>> eventLists() {
        return events().list().ofMaxSize(50);
    }

    static Arbitrary<String> names() {
        return Arbitraries.oneOf(Arbitraries.of("MISSING", "WP", "MINOR", "WRITE", "DONTWAKE", "EVENT_FORK", "RWP"),
                Arbitraries.strings().withCharRange(' ', '\u00ff').ofMaxLength(8));
    }

    static Arbitrary<Envelope> envelopes() {
        return Combinators.combine(Arbitraries.of("h:1:0:b", "ctx-\u00e9", "a\"b\\c"), Arbitraries.longs().between(0, Long.MAX_VALUE),
                Arbitraries.longs(), Arbitraries.longs()).as(Envelope::new);
    }

    static Arbitrary<Long> addrs() {
        return Arbitraries.longs().between(0, 1L << 53);
    }

    @Provide
    static Arbitrary<TraceEvent> events() {
        Arbitrary<List<String>> lists = names().list().ofMaxSize(4);
        Arbitrary<Long> optional = addrs().injectNull(0.3);
        return Arbitraries.oneOf(
                Combinators.combine(envelopes(), Arbitraries.strings().ofMaxLength(5), Arbitraries.longs(),
                        Arbitraries.of("6.18.44", "5.10"), lists, Arbitraries.of("ok", "EINVAL"), lists, lists)
                        .as((e, host, pid, k, req, res, f, io) -> new OpenEvent(e, host, pid, k, "syscall", null, req, res, f, io)),
                Combinators.combine(envelopes(), addrs(), addrs(), Arbitraries.of(MemType.values()),
                        Arbitraries.of(4096L, 2097152L), lists, Arbitraries.of("ok", "EINVAL"), Arbitraries.of(true, false))
                        .as((e, s, l, m, p, modes, res, inh) -> new RegisterEvent(e, s, l, m, p, modes, res, List.of("WAKE"),
                                inh ? null : "guest", inh)),
                Combinators.combine(envelopes(), addrs(), addrs()).as((e, s, l) -> new UnregisterEvent(e, s, l, "ok")),
                Combinators.combine(envelopes(), addrs(), lists, optional).as(FaultEvent::new),
                Combinators.combine(envelopes(), Arbitraries.of("COPY", "WAKE", "NEWOP"), addrs(), addrs(), lists,
                        Arbitraries.of("ok", "EAGAIN"), optional, optional)
                        .as((e, op, s, l, mode, res, src, bytes) -> new IoctlEvent(e, op, s, l, mode, res, src, bytes, src)),
                Combinators.combine(envelopes(), addrs(), addrs(), addrs()).as(UffdMessageEvent::remap),
                Combinators.combine(envelopes(), addrs()).as((e, s) -> UffdMessageEvent.range(e, "UNMAP", s, s + 4096)),
                envelopes().map(e -> UffdMessageEvent.fork(e, "child")),
                Combinators.combine(envelopes(), addrs()).as((e, d) -> new LossEvent(e, d, "queue full")),
                envelopes().map(CloseEvent::new));
    }
}
