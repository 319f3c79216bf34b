package dev.uffdtrace.analyzer.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * The hand-written encoder against Jackson's writer, the reference: the same bytes for every
 * event, over the codec's own event arbitraries and over events whose every string and number is
 * chosen to hit an encoding edge (escapes, control characters, two- and three-byte UTF-8, lone
 * and paired surrogates, strings longer than Jackson's output buffer, the extreme longs).
 */
class EventEncoderPropertyTest {
    // one encoder across the tries of a property, so its ctx cache meets both hits and misses
    private final EventEncoder encoder = new EventEncoder();

    @Property(tries = 1000)
    void sameBytesAsJacksonOverTheCodecEvents(@ForAll("codecEvents") TraceEvent e) {
        assertSameBytes(encoder, e);
    }

    @Property(tries = 2000)
    void sameBytesAsJacksonOverEdgeEvents(@ForAll("edgeEvents") TraceEvent e) {
        assertSameBytes(encoder, e);
    }

    @Property(tries = 200)
    void oneEncoderServesInterleavedCtxs(@ForAll("edgeEventLists") List<TraceEvent> events) {
        EventEncoder fresh = new EventEncoder();
        for (TraceEvent e : events) {
            assertSameBytes(fresh, e);
        }
    }

    @Example
    void surrogatesAreEscapedOneByOneAsJacksonDoes() {
        TraceEvent e = new LossEvent(new Envelope("c", 0, 0, 0), 1, "a\uD83D\uDE00\uDC00\u00e9\u20ac\u0001\u007f\n");
        assertThat(new String(encoder.encode(e), StandardCharsets.UTF_8)).isEqualTo(
                "{\"v\":1,\"type\":\"loss\",\"ctx\":\"c\",\"seq\":0,\"mono_ns\":0,\"time_us\":0,\"dropped\":1,"
                        + "\"reason\":\"a\\uD83D\\uDE00\\uDC00\u00e9\u20ac\\u0001\u007f\\n\"}");
        assertSameBytes(encoder, e);
    }

    private static void assertSameBytes(EventEncoder encoder, TraceEvent e) {
        byte[] expected = TraceJson.encodeWithJackson(e);
        byte[] actual = encoder.encode(e);
        if (!java.util.Arrays.equals(actual, expected)) {
            // the strings make a failure readable; the byte comparison above is the check
            assertThat(new String(actual, StandardCharsets.UTF_8)).isEqualTo(new String(expected, StandardCharsets.UTF_8));
            assertThat(actual).isEqualTo(expected);
        }
    }

    @Provide
    Arbitrary<TraceEvent> codecEvents() {
        return TraceCodecPropertyTest.events();
    }

    @Provide
    Arbitrary<List<TraceEvent>> edgeEventLists() {
        return edgeEvents().list().ofMaxSize(30);
    }

    /** Strings from pieces that each stress one part of the escaping, sometimes repeated past 8 KiB. */
    static Arbitrary<String> edgeStrings() {
        Arbitrary<String> piece = Arbitraries.oneOf(
                Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(6),
                Arbitraries.strings().withCharRange((char) 0, (char) 0x1f).ofMaxLength(3),
                Arbitraries.strings().withChars('"', '\\', '/', (char) 0x7f).ofMaxLength(3),
                Arbitraries.strings().withCharRange((char) 0x80, (char) 0x7ff).ofMaxLength(3),
                Arbitraries.strings().withCharRange((char) 0x800, (char) 0xffff).ofMaxLength(3),
                Arbitraries.strings().withCharRange((char) 0xd800, (char) 0xdfff).ofMaxLength(2), // lone surrogates
                Arbitraries.integers().between(0x10000, Character.MAX_CODE_POINT)
                        .map(cp -> new String(Character.toChars(cp)))); // a valid pair
        Arbitrary<String> mixed = piece.list().ofMaxSize(6).map(ps -> String.join("", ps));
        Arbitrary<String> longOnes = Combinators.combine(mixed.filter(s -> !s.isEmpty()),
                Arbitraries.integers().between(500, 4000)).as(String::repeat);
        return Arbitraries.frequencyOf(Tuple.of(9, mixed), Tuple.of(1, longOnes));
    }

    static Arbitrary<Long> edgeLongs() {
        return Arbitraries.oneOf(Arbitraries.longs(), Arbitraries.of(Long.MIN_VALUE, Long.MIN_VALUE + 1, -101L, -100L,
                -99L, -10L, -9L, -1L, 0L, 1L, 9L, 10L, 99L, 100L, 101L, 999_999_999_999_999_999L, 1_000_000_000_000_000_000L,
                Long.MAX_VALUE));
    }

    static Arbitrary<Long> edgeNonNegative() {
        return edgeLongs().map(v -> v == Long.MIN_VALUE ? 0 : Math.abs(v));
    }

    static Arbitrary<Envelope> edgeEnvelopes() {
        return Combinators.combine(edgeStrings().filter(s -> !s.isEmpty()), edgeNonNegative(), edgeLongs(), edgeLongs())
                .as(Envelope::new);
    }

    @Provide
    static Arbitrary<TraceEvent> edgeEvents() {
        Arbitrary<String> s = edgeStrings();
        Arbitrary<List<String>> lists = s.list().ofMaxSize(4);
        Arbitrary<Long> n = edgeNonNegative();
        Arbitrary<Long> optional = edgeLongs().injectNull(0.3);
        Arbitrary<String> unknownKinds = s.filter(k -> !List.of("FORK", "REMAP", "REMOVE", "UNMAP").contains(k));
        return Arbitraries.oneOf(
                Combinators.combine(edgeEnvelopes(), s.list().ofSize(4), edgeLongs(), lists, lists, lists,
                        Arbitraries.of(true, false), Arbitraries.of("syscall", "fork"))
                        .as((e, t, pid, req, f, io, withParent, via) -> new OpenEvent(e, t.get(0), pid, t.get(1), via,
                                withParent || via.equals("fork") ? t.get(2) : null, req, t.get(3), f, io)),
                Combinators.combine(edgeEnvelopes(), n, n, Arbitraries.of(MemType.values()), n.filter(p -> p > 0), lists, lists,
                        Combinators.combine(s, s.injectNull(0.3), Arbitraries.of(true, false)).as(Tuple::of))
                        .as((e, st, l, m, p, modes, io, t) -> new RegisterEvent(e, st, l, m, p, modes, t.get1(), io, t.get2(),
                                t.get3())),
                Combinators.combine(edgeEnvelopes(), n, n, s).as(UnregisterEvent::new),
                Combinators.combine(edgeEnvelopes(), n, lists, optional).as(FaultEvent::new),
                Combinators.combine(edgeEnvelopes(), s.list().ofSize(2), n, n, lists, optional, optional, optional)
                        .as((e, t, st, l, mode, src, bytes, dur) -> new IoctlEvent(e, t.get(0), st, l, mode, t.get(1), src,
                                bytes, dur)),
                Combinators.combine(edgeEnvelopes(), unknownKinds, s.injectNull(0.5), optional, optional, optional, optional,
                        optional).as(UffdMessageEvent::new),
                Combinators.combine(edgeEnvelopes(), s).as(UffdMessageEvent::fork),
                Combinators.combine(edgeEnvelopes(), n, n, n).as(UffdMessageEvent::remap),
                Combinators.combine(edgeEnvelopes(), n).as((e, st) -> UffdMessageEvent.range(e, "REMOVE", st, st)),
                Combinators.combine(edgeEnvelopes(), n, s).as(LossEvent::new),
                edgeEnvelopes().map(CloseEvent::new));
    }
}
