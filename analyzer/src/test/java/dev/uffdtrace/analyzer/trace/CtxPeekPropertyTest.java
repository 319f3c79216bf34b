package dev.uffdtrace.analyzer.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * The ctx peek against the decoder: whenever the peek answers and the record decodes, both name the
 * same ctx (a parallel replay splits records by the peek and replays them by the decoded ctx), and the
 * writer's records are always answered without a decode.
 */
class CtxPeekPropertyTest {
    private final TraceJson json = new TraceJson();
    private final FastRecordScannerPropertyTest shapes = new FastRecordScannerPropertyTest();

    @Property(tries = 1000)
    void writerOutputIsAlwaysAnswered(@ForAll("events") TraceEvent e) {
        byte[] line = json.encodeBytes(e);
        String text = new String(line, StandardCharsets.UTF_8);
        boolean ascii = e.ctx().chars().allMatch(c -> c >= 0x20 && c < 0x7f && c != '"' && c != '\\');
        boolean nameOnce = text.indexOf("\"ctx\"") == text.lastIndexOf("\"ctx\""); // a value may be "ctx" too
        if (ascii && nameOnce) {
            assertThat(CtxPeek.ctx(line, 0, line.length)).isEqualTo(e.ctx());
        }
        assertConsistent(line);
    }

    @Property(tries = 3000)
    void mutatedLinesNeverGetAnotherCtx(@ForAll("events") TraceEvent e,
                                        @ForAll("mutationLists") List<FastRecordScannerPropertyTest.Mutation> mutations) {
        byte[] line = json.encodeBytes(e);
        for (FastRecordScannerPropertyTest.Mutation m : mutations) {
            line = m.apply(line);
        }
        assertConsistent(line);
    }

    @Property(tries = 1000)
    void unknownMembersNamedCtxAnywhereNeverMislead(@ForAll("events") TraceEvent e, @ForAll long seed) {
        Random r = new Random(seed);
        String member = r.nextBoolean() ? "\"x\":{\"ctx\":\"other\"}" : "\"ctx\":\"" + (r.nextBoolean() ? "other" : e.ctx()) + "\"";
        assertConsistent(FastRecordScannerPropertyTest.insertMember(json.encodeBytes(e), member, r.nextBoolean()));
    }

    @Example
    void answersOnlyWhenCertain() {
        assertThat(peek("{\"v\":1,\"ctx\":\"h:1:2\",\"seq\":0}")).isEqualTo("h:1:2");
        assertThat(peek("{ \"ctx\" : \"a\" }")).isEqualTo("a");
        assertThat(peek("{\"ctx\":\"a\",\"ctx\":\"b\"}")).as("duplicate: the decoder keeps the last").isNull();
        assertThat(peek("{\"x\":{\"ctx\":\"a\"},\"ctx\":\"b\"}")).as("nested").isNull();
        assertThat(peek("{\"type\":\"ctx\",\"ctx\":\"b\"}")).as("a value that is the name").isNull();
        assertThat(peek("{\"ctx\":\"a\\u0041\"}")).as("escape").isNull();
        assertThat(peek("{\"ctx\":\"\u00e9\"}")).as("non-ASCII").isNull();
        assertThat(peek("{\"ctx\":1}")).isNull();
        assertThat(peek("{\"ctx\":\"unterminated")).isNull();
        assertThat(peek("[\"ctx\",\"a\"]")).isNull();
        assertThat(peek("")).isNull();
    }

    private static String peek(String line) {
        byte[] b = ("xx" + line + "yy").getBytes(StandardCharsets.UTF_8);
        return CtxPeek.ctx(b, 2, b.length - 4);
    }

    private void assertConsistent(byte[] line) {
        String peeked = CtxPeek.ctx(line, 0, line.length);
        Statistics.label("peek").collect(peeked == null ? "unknown" : "answered");
        if (peeked == null) {
            return;
        }
        try {
            assertThat(json.decode(line, 0, line.length).ctx()).as(new String(line, StandardCharsets.UTF_8))
                    .isEqualTo(peeked);
        } catch (InvalidRecordException invalid) {
            // an invalid record is a dead letter wherever it goes: the peek only has to be deterministic
        }
    }

    @Provide
    Arbitrary<TraceEvent> events() {
        return shapes.events();
    }

    @Provide
    Arbitrary<List<FastRecordScannerPropertyTest.Mutation>> mutationLists() {
        return shapes.mutationLists();
    }
}
