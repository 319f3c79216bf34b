package dev.uffdtrace.analyzer.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/**
 * The fast scanner against the Jackson path, which is the reference: for any bytes, decoding
 * must give the same event, or both must reject the record with the same reason.
 */
class FastRecordScannerPropertyTest {
    /** Bytes around the record in the buffer: a scanner that reads past its end would see them. */
    private static final byte[] BEFORE = "{\"v\":1,".getBytes(StandardCharsets.UTF_8);
    private static final byte[] AFTER = "9\"}],\"type\":\"close\"}\n".getBytes(StandardCharsets.UTF_8);

    private final TraceJson fast = new TraceJson();
    private final TraceJson jackson = new TraceJson();

    // ------------------------------------------------------------------ properties

    @Property(tries = 1000)
    void writerOutputTakesTheFastPathAndDecodesAlike(@ForAll("events") TraceEvent e) {
        byte[] line = fast.encodeBytes(e);
        assertThat(new FastRecordScanner().scan(line, 0, line.length, new RecordFields())).isTrue();
        assertThat(outcome(fast, line, true)).isEqualTo(e);
        assertAgree(line);
    }

    @Property(tries = 3000)
    void mutatedLinesDecodeAlike(@ForAll("events") TraceEvent e, @ForAll("mutationLists") List<Mutation> mutations) {
        byte[] line = fast.encodeBytes(e);
        for (Mutation m : mutations) {
            line = m.apply(line);
        }
        assertAgree(line);
    }

    @Property(tries = 1000)
    void randomlyEscapedStringsDecodeAlike(@ForAll("events") TraceEvent e, @ForAll long seed) {
        assertAgree(escapeRandomly(fast.encode(e), new Random(seed)).getBytes(StandardCharsets.UTF_8));
    }

    @Property(tries = 1000)
    void unknownFieldsOfAnyShapeDecodeAlike(@ForAll("events") TraceEvent e, @ForAll long seed) {
        Random r = new Random(seed);
        String member = "\"x" + r.nextInt(3) + "\":" + randomJson(r, 0);
        assertAgree(insertMember(fast.encodeBytes(e), member, r.nextBoolean()));
    }

    @Example
    void edgeCasesDecodeAlike() {
        String close = "{\"v\":1,\"type\":\"close\",\"ctx\":\"c\",\"seq\":1,\"mono_ns\":1,\"time_us\":1";
        for (String member : EDGE_MEMBERS) {
            assertAgree((close + "," + member + "}").getBytes(StandardCharsets.UTF_8));
            assertAgree(("{" + member + "," + close.substring(1) + "}").getBytes(StandardCharsets.UTF_8));
        }
        for (String line : EDGE_LINES) {
            assertAgree(line.getBytes(StandardCharsets.UTF_8));
        }
        assertAgree(new byte[0]);
    }

    /**
     * The cache of short string arrays keys on the bytes up to the first ']': arrays with a ']'
     * inside a string, or prefixes of each other, decoded repeatedly and in turns, must each
     * decode as Jackson reads them.
     */
    @Example
    void repeatedShortArraysDecodeAlike() {
        String fault = "{\"v\":1,\"type\":\"fault\",\"ctx\":\"c\",\"seq\":1,\"mono_ns\":1,\"time_us\":1,"
                + "\"addr\":4096,\"flags\":";
        String[] arrays = {"[]", "[ ]", "[\"WRITE\"]", "[\"WP\"]", "[\"W]\"]", "[\"]\"]", "[\"]\",\"]\"]",
            "[\"WRITE\",\"WP\"]", "[\"WRITE\" ]", "[\"WRITE\",\"WP\",\"MINOR\"]", "[\"W\\u005d\"]", "[1]",
            "[\"a\"", "[\"WP\"],", "[\"WP\"]]"};
        for (int round = 0; round < 3; round++) {
            for (String a : arrays) {
                assertAgree((fault + a + "}").getBytes(StandardCharsets.UTF_8));
                assertAgree((fault + a + ",\"tid\":7}").getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    @Example
    void deepUnknownValuesGoToJackson() {
        for (int depth : new int[] {30, 31, 32, 33, 63, 64, 65, 200}) {
            String nested = "[".repeat(depth) + "]".repeat(depth);
            assertAgree(("{\"v\":1,\"type\":\"close\",\"ctx\":\"c\",\"seq\":1,\"mono_ns\":1,\"time_us\":1,\"deep\":"
                    + nested + "}").getBytes(StandardCharsets.UTF_8));
        }
    }

    // ------------------------------------------------------------------ the check

    /** Decodes {@code line} both ways, inside a buffer with more bytes around it, and compares. */
    private void assertAgree(byte[] line) {
        Object viaFast = outcome(fast, line, true);
        Object viaJackson = outcome(jackson, line, false);
        assertThat(viaFast).as(new String(line, StandardCharsets.UTF_8)).isEqualTo(viaJackson);
        Statistics.label("path").collect(new FastRecordScanner().scan(line, 0, line.length, new RecordFields())
                ? "fast" : "jackson");
        Statistics.label("outcome").collect(viaJackson instanceof TraceEvent ? "event" : "invalid");
    }

    /** The decoded event, or the reason it is invalid. */
    private static Object outcome(TraceJson json, byte[] line, boolean withFastPath) {
        byte[] buffer = new byte[BEFORE.length + line.length + AFTER.length];
        System.arraycopy(BEFORE, 0, buffer, 0, BEFORE.length);
        System.arraycopy(line, 0, buffer, BEFORE.length, line.length);
        System.arraycopy(AFTER, 0, buffer, BEFORE.length + line.length, AFTER.length);
        try {
            return withFastPath ? json.decode(buffer, BEFORE.length, line.length)
                    : json.decodeWithJackson(buffer, BEFORE.length, line.length);
        } catch (InvalidRecordException ex) {
            return "invalid: " + ex.getMessage();
        }
    }

    // ------------------------------------------------------------------ events

    @Provide
    Arbitrary<TraceEvent> events() {
        return Arbitraries.oneOf(TraceCodecPropertyTest.events(), richEvents());
    }

    /** Events whose strings need escapes, multibyte UTF-8 and surrogate pairs, with long's edges. */
    static Arbitrary<TraceEvent> richEvents() {
        Arbitrary<String> text = Arbitraries.oneOf(
                Arbitraries.of("\u00e9", "\u20ac", "\ud83d\ude00", "a\ud83d\ude00b", "\u0000", "\u001f", "\u007f",
                        "\u2028", "\"", "\\", "/", "\b\f\n\r\t", "\uffff", "\ud7ff\ue000", "\udbff\udfff", ""),
                Arbitraries.strings().withCharRange('\u0000', '\ud7ff').ofMaxLength(6),
                Arbitraries.strings().ascii().ofMaxLength(12));
        Arbitrary<Long> longs = Arbitraries.oneOf(Arbitraries.longs(),
                Arbitraries.of(Long.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE + 1, Long.MAX_VALUE - 1, 0L, -1L, 1L,
                        999_999_999_999_999_999L, 1_000_000_000_000_000_000L, -999_999_999_999_999_999L));
        Arbitrary<Long> nonNegative = longs.map(v -> v == Long.MIN_VALUE ? 0 : Math.abs(v));
        Arbitrary<Envelope> envelopes = Combinators.combine(text.filter(s -> !s.isEmpty()), nonNegative, longs, longs)
                .as(Envelope::new);
        Arbitrary<List<String>> lists = text.list().ofMaxSize(3);
        return Arbitraries.oneOf(
                Combinators.combine(envelopes, nonNegative, lists, nonNegative.injectNull(0.3)).as(FaultEvent::new),
                Combinators.combine(envelopes, text, nonNegative, nonNegative, lists, text, longs.injectNull(0.3))
                        .as((e, op, s, l, m, res, opt) -> new IoctlEvent(e, op, s, l, m, res, opt, opt, opt)),
                Combinators.combine(envelopes, text, longs, text, text, lists)
                        .as((e, host, pid, kernel, parent, list) -> new OpenEvent(e, host, pid, kernel, "fork", parent,
                                list, "ok", list, list)),
                Combinators.combine(envelopes, text).as((e, kind) -> new UffdMessageEvent(e, kind + "?", null, null,
                        null, null, null, null)),
                Combinators.combine(envelopes, nonNegative, text).as(LossEvent::new));
    }

    // ------------------------------------------------------------------ mutations

    /** A change to a record's bytes; positions are fractions of the length, to fit any line. */
    interface Mutation {
        byte[] apply(byte[] line);
    }

    record Flip(double at, byte value) implements Mutation {
        @Override
        public byte[] apply(byte[] line) {
            if (line.length == 0) {
                return line;
            }
            byte[] b = line.clone();
            b[index(at, b.length - 1)] = value;
            return b;
        }
    }

    record Truncate(double at) implements Mutation {
        @Override
        public byte[] apply(byte[] line) {
            return Arrays.copyOf(line, index(at, line.length));
        }
    }

    record Delete(double at, int count) implements Mutation {
        @Override
        public byte[] apply(byte[] line) {
            int i = index(at, line.length);
            int n = Math.min(count, line.length - i);
            byte[] b = new byte[line.length - n];
            System.arraycopy(line, 0, b, 0, i);
            System.arraycopy(line, i + n, b, i, line.length - i - n);
            return b;
        }
    }

    record Insert(double at, String text) implements Mutation {
        @Override
        public byte[] apply(byte[] line) {
            return insert(line, index(at, line.length), text.getBytes(StandardCharsets.ISO_8859_1));
        }

        @Override
        public String toString() {
            return "Insert[at=" + at + ", bytes=" + Arrays.toString(text.getBytes(StandardCharsets.ISO_8859_1)) + "]";
        }
    }

    /** Inserts whitespace before or after every structural character: harmless JSON. */
    record Spread(String whitespace, int every) implements Mutation {
        @Override
        public byte[] apply(byte[] line) {
            String s = new String(line, StandardCharsets.ISO_8859_1);
            StringBuilder out = new StringBuilder();
            boolean inString = false;
            int seen = 0;
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                out.append(c);
                if (c == '\\' && inString && i + 1 < s.length()) {
                    out.append(s.charAt(++i));
                } else if (c == '"') {
                    inString = !inString;
                } else if (!inString && "{}[],:".indexOf(c) >= 0 && seen++ % every == 0) {
                    out.append(whitespace);
                }
            }
            return (whitespace + out).getBytes(StandardCharsets.ISO_8859_1);
        }
    }

    record AddMember(String member, boolean first) implements Mutation {
        @Override
        public byte[] apply(byte[] line) {
            return insertMember(line, member, first);
        }
    }

    static int index(double fraction, int length) {
        return Math.min(length, (int) (fraction * (length + 1)));
    }

    static byte[] insert(byte[] line, int i, byte[] bytes) {
        byte[] b = new byte[line.length + bytes.length];
        System.arraycopy(line, 0, b, 0, i);
        System.arraycopy(bytes, 0, b, i, bytes.length);
        System.arraycopy(line, i, b, i + bytes.length, line.length - i);
        return b;
    }

    /** Adds {@code member} after the opening brace or before the last closing brace. */
    static byte[] insertMember(byte[] line, String member, boolean first) {
        byte[] m = member.getBytes(StandardCharsets.UTF_8);
        if (first) {
            int open = indexOf(line, (byte) '{');
            return open < 0 ? line : insert(line, open + 1, concat(m, new byte[] {','}));
        }
        int close = lastIndexOf(line, (byte) '}');
        return close < 0 ? line : insert(line, close, concat(new byte[] {','}, m));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    private static int indexOf(byte[] b, byte x) {
        for (int i = 0; i < b.length; i++) {
            if (b[i] == x) {
                return i;
            }
        }
        return -1;
    }

    private static int lastIndexOf(byte[] b, byte x) {
        for (int i = b.length - 1; i >= 0; i--) {
            if (b[i] == x) {
                return i;
            }
        }
        return -1;
    }

    /** Bytes that change meaning in JSON, and bytes that are not UTF-8 or start a sequence. */
    private static final String INTERESTING = " \t\r\n\f\u000b\u0000\"\\,:{}[]0123456789-+.eEntfu/"
            + "\u0080\u00bf\u00c0\u00c1\u00c2\u00c3\u00df\u00e0\u00ed\u00ef\u00f0\u00f4\u00f5\u00f8\u00ff";

    /** Sequences that a lax UTF-8 decoder accepts and a strict one does not, and some valid ones. */
    private static final List<String> BYTE_SEQUENCES = List.of(
            "\u00c0\u0080", "\u00c1\u00bf", "\u00e0\u0080\u0080", "\u00ed\u00a0\u0080", "\u00ed\u00bf\u00bf",
            "\u00f0\u0080\u0080\u0080", "\u00f4\u0090\u0080\u0080", "\u00f5\u0080\u0080\u0080", "\u00c3",
            "\u00c3\u00a9", "\u00e2\u0082\u00ac", "\u00f0\u009f\u0098\u0080", "\u00ef\u00bb\u00bf", "\u00e2\u0082",
            "\\u", "\\u12", "\\uZZZZ", "\\x", "\\'", "\\/", "\\ud800", "\\udc00\\ud800", "\\u0000");

    /** Members that overwrite known fields or add unknown ones, at and beyond every edge. */
    static final List<String> EDGE_MEMBERS = List.of(
            "\"seq\":9223372036854775807", "\"seq\":9223372036854775808", "\"seq\":-9223372036854775808",
            "\"mono_ns\":-9223372036854775808", "\"mono_ns\":-9223372036854775809", "\"time_us\":99999999999999999999",
            "\"time_us\":1234567890123456789", "\"time_us\":-1234567890123456789", "\"time_us\":999999999999999999",
            "\"seq\":0", "\"seq\":-0", "\"seq\":00", "\"seq\":01", "\"seq\":-", "\"seq\":-a", "\"seq\":1.0",
            "\"seq\":1e3", "\"seq\":1E+3", "\"seq\":1.5e-3", "\"seq\":+1", "\"seq\":.5", "\"seq\":1.", "\"seq\":0x10",
            "\"seq\":NaN", "\"seq\":Infinity", "\"seq\": 7 ", "\"seq\":\"7\"", "\"seq\":true", "\"seq\":null",
            "\"seq\":[]", "\"seq\":{}", "\"seq\":[1]", "\"v\":1", "\"v\":2", "\"v\":null", "\"v\":1.0", "\"v\":01",
            "\"ctx\":\"\"", "\"ctx\":\"\\ud83d\\ude00\"", "\"ctx\":\"\\uD83D\\uDE00\"", "\"ctx\":\"\\ud800\"",
            "\"ctx\":\"\\udc00x\"", "\"ctx\":\"\\u00e9\\u20ac\"", "\"ctx\":\"\u00e9\u20ac\ud83d\ude00\"",
            "\"ctx\":\"tab\there\"", "\"ctx\":\"\\t\\n\\r\\b\\f\\/\\\\\\\"\"", "\"ctx\":\"\\a\"", "\"ctx\":\"\\u12G4\"",
            "\"ctx\":\"a\\u\"", "\"ctx\":\"\\\"", "\"ctx\":1", "\"ctx\":[\"a\"]", "\"ctx\":false",
            "\"type\":\"\\u0063lose\"", "\"type\":\"fault\"", "\"type\":\"nap\"", "\"type\":null",
            "\"\\u0076\":1", "\"\\u0074ype\":\"close\"", "\"v\\u0000\":1", "\"\u00e9\":1", "\"\":1", "\"\":\"\"",
            "\"inherited\":true", "\"inherited\":false", "\"inherited\":tru", "\"inherited\":truex", "\"inherited\":nul",
            "\"flags\":[\"A\",\"B\"]", "\"flags\":[\"A\",1]", "\"flags\":[\"A\",]", "\"flags\":[,]", "\"flags\":[null]",
            "\"flags\":[[\"A\"]]", "\"flags\":[\"A\"\"B\"]", "\"flags\":[ \"A\" , \"B\" ]", "\"flags\":\"A\"",
            "\"x\":1.5", "\"x\":-1e-300", "\"x\":1e400", "\"x\":123456789012345678901234567890",
            "\"x\":{\"a\":[1,{\"b\":null}],\"c\":\"\\u00e9\"}", "\"x\":{}", "\"x\":[]", "\"x\":[{}]", "\"x\":{\"a\"}",
            "\"x\":{\"a\":}", "\"x\":{,}", "\"x\":[1,]", "\"x\":[1 2]", "\"x\":{\"a\":1,}", "\"x\":{\"a\" 1}",
            "\"x\":{1:2}", "\"x\":'a'", "\"x\":\"\u0001\"", "\"x\":\"\u007f\"", "\"x\":tRue", "\"x\":\"" + "y".repeat(70) + "\"",
            "\"" + "n".repeat(63) + "\":1", "\"" + "n".repeat(64) + "\":1", "\"" + "n".repeat(65) + "\":1",
            "\"x\":{\"" + "n".repeat(100) + "\":1}", "\"x\" :1", "\"x\": 1", "\"x\"\t:\r\n1", "\"x\":/*c*/1",
            "\"x\":#c\n1");

    /** Whole records that are odd at the top level. */
    static final List<String> EDGE_LINES = List.of(
            "{}", "{ }", "[]", "[1]", "1", "\"s\"", "null", "{", "}", "{\"v\":1", "{\"v\":1,}", "{,}", "{\"v\"}",
            "\u00ef\u00bb\u00bf{}", " {\"v\":1}", "{\"v\":1} ", "{\"v\":1}\t\r", "{\"v\":1}}", "{\"v\":1}{}",
            "{\"v\":1} x", "{\"v\":1}\u0000", "\u0000{\"v\":1}", "{\"v\":1}/", "{'v':1}", "{v:1}",
            "{\"v\":1,\"type\":\"close\",\"ctx\":\"c\",\"seq\":1,\"mono_ns\":1,\"time_us\":1}",
            "{\"v\":1,\"type\":\"close\",\"ctx\":\"c\",\"seq\":1,\"mono_ns\":1,\"time_us\":1,\"seq\":\"x\",\"seq\":2}",
            "{\"v\":1,\"type\":\"close\",\"ctx\":\"c\",\"seq\":\"x\",\"mono_ns\":1,\"time_us\":1,\"seq\":null}");

    @Provide
    Arbitrary<List<Mutation>> mutationLists() {
        Arbitrary<Double> at = Arbitraries.doubles().between(0, 1);
        // the mutations that keep a record valid more often than not weigh more
        @SuppressWarnings("unchecked")
        Arbitrary<Mutation> m = Arbitraries.frequencyOf(
                Tuple.of(2, Combinators.combine(at, Arbitraries.of(bytes(INTERESTING))).as(Flip::new)),
                Tuple.of(1, Combinators.combine(at, Arbitraries.bytes()).as(Flip::new)),
                Tuple.of(1, at.map(Truncate::new)),
                Tuple.of(1, Combinators.combine(at, Arbitraries.integers().between(1, 4)).as(Delete::new)),
                Tuple.of(2, Combinators.combine(at, Arbitraries.of(bytes(INTERESTING))
                        .map(b -> String.valueOf((char) (b & 0xff)))).as(Insert::new)),
                Tuple.of(2, Combinators.combine(at, Arbitraries.of(BYTE_SEQUENCES)).as(Insert::new)),
                Tuple.of(3, Combinators.combine(Arbitraries.of(" ", "\t", "\r\n", "  \n ", "\f", "\u000b"),
                        Arbitraries.integers().between(1, 5)).as(Spread::new)),
                Tuple.of(5, Combinators.combine(Arbitraries.of(EDGE_MEMBERS), Arbitraries.of(true, false))
                        .as(AddMember::new)));
        return m.list().ofMinSize(1).ofMaxSize(3);
    }

    private static Byte[] bytes(String latin1) {
        byte[] b = latin1.getBytes(StandardCharsets.ISO_8859_1);
        Byte[] boxed = new Byte[b.length];
        for (int i = 0; i < b.length; i++) {
            boxed[i] = b[i];
        }
        return boxed;
    }

    // ------------------------------------------------------------------ generated JSON

    /**
     * Re-escapes characters of the record's strings as {@code \\uXXXX}: often in values, rarely
     * in names (an escaped name sends the record to Jackson).
     */
    static String escapeRandomly(String json, Random r) {
        StringBuilder out = new StringBuilder();
        boolean inString = false;
        boolean isName = false;
        char previous = 0; // the last character outside strings that is not whitespace
        int arrays = 0;
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (!inString) {
                out.append(c);
                if (c == '"') {
                    inString = true;
                    isName = previous == '{' || (previous == ',' && arrays == 0);
                } else if (c == '[') {
                    arrays++;
                } else if (c == ']') {
                    arrays--;
                }
                if (c != ' ' && c != '"') {
                    previous = c;
                }
                continue;
            }
            if (c == '\\') {
                int n = json.charAt(i + 1) == 'u' ? 6 : 2;
                out.append(json, i, i + n);
                i += n - 1;
            } else if (c == '"') {
                out.append(c);
                inString = false;
                previous = '"';
            } else if (r.nextDouble() < (isName ? 0.005 : 0.3)) {
                out.append(String.format(r.nextBoolean() ? "\\u%04x" : "\\u%04X", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** Any JSON value, sometimes with a fraction, exponent, deep nesting or odd string. */
    static String randomJson(Random r, int depth) {
        int pick = r.nextInt(depth > 6 ? 7 : 9);
        return switch (pick) {
            case 0 -> Long.toString(r.nextLong() >> r.nextInt(64));
            case 1 -> r.nextBoolean() ? Double.toString(r.nextDouble() * 1e6) : "1e" + (r.nextInt(40) - 20);
            case 2 -> "\"" + escapeRandomly("\"" + randomText(r) + "\"", r).replace("\"", "") + "\"";
            case 3 -> "true";
            case 4 -> "false";
            case 5 -> "null";
            case 6 -> r.nextInt(20) == 0 ? "[".repeat(40 + r.nextInt(40)) + "]".repeat(40 + r.nextInt(40)) : "-0";
            case 7 -> {
                StringBuilder b = new StringBuilder("[");
                int n = r.nextInt(4);
                for (int i = 0; i < n; i++) {
                    b.append(i == 0 ? "" : ",").append(randomJson(r, depth + 1));
                }
                yield b.append(']').toString();
            }
            default -> {
                StringBuilder b = new StringBuilder("{");
                int n = r.nextInt(4);
                for (int i = 0; i < n; i++) {
                    b.append(i == 0 ? "" : ",").append('"').append(randomText(r).replace("\\", "").replace("\"", ""))
                            .append("\":").append(randomJson(r, depth + 1));
                }
                yield b.append('}').toString();
            }
        };
    }

    private static String randomText(Random r) {
        String[] parts = {"a", "\u00e9", "\ud83d\ude00", "\\n", "\\u0041", " ", "v", "seq", "\u20ac"};
        StringBuilder b = new StringBuilder();
        int n = r.nextInt(5);
        for (int i = 0; i < n; i++) {
            b.append(parts[r.nextInt(parts.length)]);
        }
        return b.toString();
    }
}
