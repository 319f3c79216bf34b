package dev.uffdtrace.analyzer.trace;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Streams JSON Lines traces ({@code .jsonl}, {@code .jsonl.gz}, or a folder of them) into a
 * {@link TraceSink}: valid events in file order, and one {@link DeadLetter} per invalid record.
 * Blank lines are skipped and not counted as records; line numbers start at 1.
 */
public final class TraceReader {
    /** Lines longer than this are dead letters without being parsed. */
    public static final int MAX_LINE_BYTES = 1 << 20;

    private final TraceJson json = new TraceJson();

    /** The trace files named by {@code path}: the file itself, or a folder's traces in name order. */
    public static List<Path> traceFiles(Path path) throws IOException {
        if (!Files.isDirectory(path)) {
            if (!Files.isReadable(path)) {
                throw new IOException("cannot read " + path + ": no such file or not readable");
            }
            return List.of(path);
        }
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.list(path)) {
            s.filter(p -> isTraceName(p.getFileName().toString())).sorted().forEach(files::add);
        }
        return files;
    }

    public static boolean isTraceName(String name) {
        return name.endsWith(".jsonl") || name.endsWith(".jsonl.gz");
    }

    /** Reads one file; gzip is recognised by its magic bytes, whatever the name. */
    public void read(Path file, TraceSink sink) throws IOException {
        try (InputStream in = open(file)) {
            read(in, file.toString(), sink);
        }
    }

    public static InputStream open(Path file) throws IOException {
        return decompressed(Files.newInputStream(file));
    }

    /** {@code in}, buffered, and gunzipped when it starts with the gzip magic bytes. */
    public static InputStream decompressed(InputStream in) throws IOException {
        InputStream raw = new BufferedInputStream(in, 1 << 16);
        raw.mark(2);
        int b0 = raw.read();
        int b1 = raw.read();
        raw.reset();
        if (b0 == 0x1f && b1 == 0x8b) {
            return new GZIPInputStream(raw, 1 << 16);
        }
        return raw;
    }

    /** Reads a stream whose records are named {@code source} in dead letters. */
    public void read(InputStream in, String source, TraceSink sink) throws IOException {
        long[] lastLine = {0};
        try {
            readLines(in, source, sink, lastLine);
        } catch (java.io.EOFException | java.util.zip.ZipException e) {
            // a cut-off or corrupt .gz: keep what was read, say where it stopped
            sink.deadLetter(new DeadLetter(source, lastLine[0] + 1, "line " + (lastLine[0] + 1)
                    + ": " + cutOffReason(e), ""));
        }
    }

    /**
     * The reason of the dead letter that ends a cut-off or corrupt .gz ({@code EOFException} or
     * {@code ZipException} while reading it), the same whichever reader met it.
     */
    public static String cutOffReason(java.io.IOException e) {
        return "truncated or corrupt compressed input (" + e.getMessage() + ")";
    }

    private void readLines(InputStream in, String source, TraceSink sink, long[] lastLine) throws IOException {
        LineCursor c = new LineCursor(in, MAX_LINE_BYTES);
        while (c.next()) {
            long number = c.number();
            lastLine[0] = number;
            if (c.blank()) {
                continue;
            }
            byte[] buf = c.buffer();
            int off = c.offset();
            int len = c.length();
            if (c.truncated()) {
                sink.deadLetter(new DeadLetter(source, number, "line " + number + ": longer than "
                        + MAX_LINE_BYTES + " bytes", DeadLetter.rawText(buf, off, len)));
                continue;
            }
            try {
                TraceEvent e = json.decode(buf, off, len);
                sink.position(source, number);
                sink.event(e);
            } catch (InvalidRecordException e) {
                sink.deadLetter(new DeadLetter(source, number, "line " + number + ": " + e.getMessage(),
                        DeadLetter.rawText(buf, off, len)));
            }
        }
    }
}
