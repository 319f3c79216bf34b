package dev.uffdtrace.pipeline.io;

import static org.assertj.core.api.Assertions.assertThat;

import dev.uffdtrace.pipeline.model.RawRecord;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceOutput;
import org.apache.flink.core.io.InputStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** P readers over the same files: every record reaches exactly one of them, each ctx only one. */
class OwnedLinesReaderTest {
    @TempDir
    Path dir;

    private static final List<String> LINES = List.of(
            "{\"v\":1,\"type\":\"close\",\"ctx\":\"a\",\"seq\":1,\"mono_ns\":1,\"time_us\":1}",
            "{\"v\":1,\"type\":\"close\",\"ctx\":\"b\",\"seq\":1,\"mono_ns\":1,\"time_us\":1}",
            "   ",
            "{\"v\":1,\"type\":\"close\",\"ctx\":\"\\u0061\",\"seq\":2,\"mono_ns\":1,\"time_us\":1}", // "a", escaped: decoded to decide
            "{\"v\":1,\"type\":\"close\",\"ctx\":\"c\",\"ctx\":\"b\",\"seq\":2,\"mono_ns\":1,\"time_us\":1}", // the decoder keeps "b"
            "not json",
            "{\"v\":1,\"ctx\":\"d\"",
            "{\"v\":1,\"type\":\"close\",\"ctx\":\"e\",\"seq\":1,\"mono_ns\":1,\"time_us\":1}");

    @Test
    void everyRecordReachesExactlyOneReaderAndEachCtxOnlyOne() throws Exception {
        Path plain = dir.resolve("a.jsonl");
        Files.write(plain, LINES);
        Path gz = dir.resolve("b.jsonl.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(String.join("\n", LINES).getBytes(StandardCharsets.UTF_8));
        }
        for (int parallelism : new int[] {1, 2, 3, 5}) {
            Map<String, Integer> readerOfLine = new HashMap<>();
            Map<String, Integer> readerOfCtx = new HashMap<>();
            for (int owner = 0; owner < parallelism; owner++) {
                for (RawRecord r : readAll(List.of(plain, gz), parallelism, owner)) {
                    assertThat(readerOfLine.put(r.origin + ":" + r.position, owner)).as("line read twice").isNull();
                    String text = new String(r.bytes, StandardCharsets.UTF_8);
                    String ctx = text.contains("\"b\"") ? "b" : text.contains("\"a\"") || text.contains("0061") ? "a" : null;
                    if (ctx != null) {
                        Integer before = readerOfCtx.put(ctx, owner);
                        assertThat(before == null || before == owner).as("ctx %s at two readers", ctx).isTrue();
                    }
                }
            }
            assertThat(readerOfLine).as("at parallelism %d", parallelism).hasSize(2 * (LINES.size() - 1));
        }
    }

    @Test
    void aCutOffGzipEndsItsFileWithOneUnreadableRecord() throws Exception {
        Path gz = dir.resolve("cut.jsonl.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(String.join("\n", LINES).repeat(50).getBytes(StandardCharsets.UTF_8));
        }
        byte[] whole = Files.readAllBytes(gz);
        Files.write(gz, java.util.Arrays.copyOf(whole, whole.length / 2));
        List<RawRecord> unreadable = new ArrayList<>();
        for (int owner = 0; owner < 2; owner++) {
            readAll(List.of(gz), 2, owner).stream().filter(r -> r.unreadable != null).forEach(unreadable::add);
        }
        assertThat(unreadable).hasSize(1);
        assertThat(unreadable.get(0).unreadable).startsWith("truncated or corrupt compressed input");
    }

    private static List<RawRecord> readAll(List<Path> files, int parallelism, int owner) throws Exception {
        OwnedLinesReader reader = new OwnedLinesReader(
                files.stream().map(p -> new org.apache.flink.core.fs.Path(p.toUri())).toList(), parallelism);
        List<RawRecord> out = new ArrayList<>();
        reader.start();
        reader.addSplits(List.of(new OwnedLinesSplit(owner, 0, 0)));
        reader.notifyNoMoreSplits();
        Collecting output = new Collecting(out);
        while (reader.pollNext(output) == InputStatus.MORE_AVAILABLE) {
            // keep polling
        }
        reader.close();
        return out;
    }

    private record Collecting(List<RawRecord> records) implements ReaderOutput<RawRecord> {
        @Override
        public void collect(RawRecord r) {
            records.add(r);
        }

        @Override
        public void collect(RawRecord r, long timestamp) {
            records.add(r);
        }

        @Override
        public void emitWatermark(Watermark watermark) {
        }

        @Override
        public void markIdle() {
        }

        @Override
        public void markActive() {
        }

        @Override
        public SourceOutput<RawRecord> createOutputForSplit(String splitId) {
            return this;
        }

        @Override
        public void releaseOutputForSplit(String splitId) {
        }
    }
}
