package dev.uffdtrace.analyzer.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Strict decoding with reasons that name the field; lenient about unknown fields and names. */
class TraceJsonTest {
    private final TraceJson json = new TraceJson();
    private static final String ENV = "\"v\":1,\"ctx\":\"h:1:0:b\",\"seq\":3,\"mono_ns\":10,\"time_us\":20";

    @Test
    void decodesEveryEventType() throws Exception {
        assertThat(json.decode("{" + ENV + ",\"type\":\"open\",\"host\":\"h\",\"pid\":1,\"kernel\":\"6.18.44-fc\",\"via\":\"fork\","
                + "\"parent\":\"p\",\"requested\":[\"EVENT_FORK\"],\"result\":\"ok\",\"features\":[],\"ioctls\":[]}"))
                .isInstanceOf(OpenEvent.class);
        RegisterEvent r = (RegisterEvent) json.decode("{" + ENV + ",\"type\":\"register\",\"start\":4096,\"len\":8192,"
                + "\"mem\":\"brand-new-mem\",\"page_size\":4096,\"modes\":[\"MISSING\"],\"result\":\"ok\",\"ioctls\":[],\"region\":null,\"inherited\":true}");
        assertThat(r.mem()).isEqualTo(MemType.OTHER);
        assertThat(r.inherited()).isTrue();
        assertThat(json.decode("{" + ENV + ",\"type\":\"unregister\",\"start\":0,\"len\":4096,\"result\":\"ok\"}"))
                .isInstanceOf(UnregisterEvent.class);
        FaultEvent f = (FaultEvent) json.decode("{\"type\":\"fault\"," + ENV + ",\"addr\":4096,\"flags\":[\"WRITE\"],\"tid\":7,\"extra\":{\"a\":[1,2]}}");
        assertThat(f.kind()).isEqualTo(FaultKind.MISSING_WRITE);
        assertThat(f.tid()).isEqualTo(7L);
        IoctlEvent i = (IoctlEvent) json.decode("{" + ENV + ",\"type\":\"ioctl\",\"op\":\"COPY\",\"start\":0,\"len\":4096,"
                + "\"mode\":[\"DONTWAKE\"],\"result\":\"EAGAIN\",\"bytes\":0,\"dur_ns\":5}");
        assertThat(i.bytes()).isZero();
        assertThat(json.decode("{" + ENV + ",\"type\":\"event\",\"kind\":\"REMAP\",\"from\":0,\"to\":8192,\"len\":4096}"))
                .isInstanceOf(UffdMessageEvent.class);
        assertThat(((UffdMessageEvent) json.decode("{" + ENV + ",\"type\":\"event\",\"kind\":\"RWP_SOMETHING\"}")).kind())
                .isEqualTo("RWP_SOMETHING");
        assertThat(json.decode("{" + ENV + ",\"type\":\"loss\",\"dropped\":3,\"reason\":\"queue full\"}")).isInstanceOf(LossEvent.class);
        assertThat(json.decode("{" + ENV + ",\"type\":\"close\"}")).isInstanceOf(CloseEvent.class);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "garbage|not JSON",
            "[1,2]|not a JSON object",
            "{\"v\":1,\"type\":\"close\",\"ctx\":\"c\",\"seq\":1,\"mono_ns\":1,\"time_us\":1} x|trailing data after the object",
            "{\"type\":\"close\",\"ctx\":\"c\",\"seq\":1,\"mono_ns\":1,\"time_us\":1}|missing required field 'v'",
            "{\"v\":2,\"type\":\"close\",\"ctx\":\"c\",\"seq\":1,\"mono_ns\":1,\"time_us\":1}|unsupported format version 2",
            "{\"v\":1,\"type\":\"nap\",\"ctx\":\"c\",\"seq\":1,\"mono_ns\":1,\"time_us\":1}|unknown event type 'nap'",
            "{\"v\":1,\"type\":\"close\",\"ctx\":\"c\",\"seq\":\"1\",\"mono_ns\":1,\"time_us\":1}|field 'seq' must be an integer, got a string",
            "{\"v\":1,\"type\":\"close\",\"ctx\":\"c\",\"seq\":1.5,\"mono_ns\":1,\"time_us\":1}|field 'seq' must be an integer",
            "{\"v\":1,\"type\":\"close\",\"ctx\":\"c\",\"seq\":-1,\"mono_ns\":1,\"time_us\":1}|field 'seq': must be >= 0",
            "{\"v\":1,\"type\":\"close\",\"ctx\":\"c\",\"seq\":1,\"mono_ns\":1}|missing required field 'time_us'",
            "{\"v\":1,\"type\":\"fault\",\"ctx\":\"c\",\"seq\":1,\"mono_ns\":1,\"time_us\":1,\"flags\":[]}|missing required field 'addr' (fault)",
            "{\"v\":1,\"type\":\"fault\",\"ctx\":\"c\",\"seq\":1,\"mono_ns\":1,\"time_us\":1,\"addr\":0,\"flags\":[1]}|field 'flags' must be an array of strings",
            "{\"v\":1,\"type\":\"fault\",\"ctx\":\"c\",\"seq\":1,\"mono_ns\":1,\"time_us\":1,\"addr\":null,\"flags\":[]}|missing required field 'addr'",
            "{\"v\":1,\"type\":\"open\",\"ctx\":\"c\",\"seq\":0,\"mono_ns\":1,\"time_us\":1,\"host\":\"h\",\"pid\":1,\"kernel\":\"k\",\"via\":\"fork\",\"requested\":[],\"result\":\"ok\",\"features\":[],\"ioctls\":[]}|missing required field 'parent' (open)",
            "{\"v\":1,\"type\":\"event\",\"ctx\":\"c\",\"seq\":1,\"mono_ns\":1,\"time_us\":1,\"kind\":\"FORK\"}|missing required field 'child' (event)",
            "{\"v\":1,\"type\":\"register\",\"ctx\":\"c\",\"seq\":1,\"mono_ns\":1,\"time_us\":1,\"start\":0,\"len\":1,\"mem\":\"anon\",\"page_size\":0,\"modes\":[],\"result\":\"ok\",\"ioctls\":[]}|field 'page_size': must be > 0",
            "{\"v\":1,\"type\":\"ioctl\",\"ctx\":\"c\",\"seq\":1,\"mono_ns\":1,\"time_us\":1,\"op\":\"COPY\",\"start\":0,\"len\":1,\"mode\":[],\"result\":true}|field 'result' must be a string, got a boolean",
            "{\"v\":1,\"type\":\"close\",\"ctx\":\"\",\"seq\":1,\"mono_ns\":1,\"time_us\":1}|field 'ctx': must not be empty",
    })
    void rejectsWithAReasonNamingTheField(String line, String reason) {
        assertThatThrownBy(() -> json.decode(line)).isInstanceOf(InvalidRecordException.class).hasMessageContaining(reason);
    }

    @Test
    void readerSkipsBlankLinesNumbersFromOneAndKeepsRawText() throws Exception {
        String text = "\n{" + ENV + ",\"type\":\"close\"}\n   \nnot json \u00e9\n{bad\r\n";
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        bytes[bytes.length - 5] = (byte) 0xff; // an invalid UTF-8 byte in the last record
        List<TraceEvent> events = new ArrayList<>();
        List<DeadLetter> dead = new ArrayList<>();
        new TraceReader().read(new ByteArrayInputStream(bytes), "t.jsonl", new TraceSink() {
            @Override
            public void event(TraceEvent e) {
                events.add(e);
            }

            @Override
            public void deadLetter(DeadLetter d) {
                dead.add(d);
            }
        });
        assertThat(events).hasSize(1);
        assertThat(dead).extracting(DeadLetter::line).containsExactly(4L, 5L);
        assertThat(dead.get(0).raw()).isEqualTo("not json \u00e9");
        assertThat(dead.get(0).reason()).startsWith("line 4: not JSON");
        assertThat(dead.get(1).raw()).contains("\uFFFD");
        assertThat(dead.get(1).source()).isEqualTo("t.jsonl");
    }

    @Test
    void rawTextIsCutAtFourKilobytes() {
        String big = "x".repeat(10_000);
        assertThat(DeadLetter.rawText(big)).hasSize(4096);
    }

    @Test
    void encodesInCanonicalOrderAndOmitsAbsentOptionals() throws Exception {
        String line = "{\"v\":1,\"type\":\"fault\",\"ctx\":\"c\",\"seq\":1,\"mono_ns\":2,\"time_us\":3,\"addr\":4096,\"flags\":[\"WRITE\",\"WP\"]}";
        assertThat(json.encode(json.decode(line))).isEqualTo(line);
    }

    @Test
    void aTruncatedGzipKeepsWhatWasReadAndSaysWhereItStopped() throws Exception {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream gz = new java.util.zip.GZIPOutputStream(bytes)) {
            for (int i = 0; i < 2000; i++) {
                gz.write(("{\"v\":1,\"type\":\"close\",\"ctx\":\"c" + i + "\",\"seq\":0,\"mono_ns\":1,\"time_us\":1}\n")
                        .getBytes(StandardCharsets.UTF_8));
            }
        }
        byte[] cut = java.util.Arrays.copyOf(bytes.toByteArray(), bytes.size() / 2);
        List<TraceEvent> events = new ArrayList<>();
        List<DeadLetter> dead = new ArrayList<>();
        new TraceReader().read(TraceReader.decompressed(new ByteArrayInputStream(cut)), "t.jsonl.gz", new TraceSink() {
            @Override
            public void event(TraceEvent e) {
                events.add(e);
            }

            @Override
            public void deadLetter(DeadLetter d) {
                dead.add(d);
            }
        });
        assertThat(events).isNotEmpty().hasSizeLessThan(2000);
        assertThat(dead).hasSize(1);
        assertThat(dead.get(0).reason()).contains("truncated or corrupt compressed input");
    }
}
