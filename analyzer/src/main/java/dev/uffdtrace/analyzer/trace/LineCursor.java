package dev.uffdtrace.analyzer.trace;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Pulls lines from a byte stream without decoding them (decoding is the JSON parser's job, and a dead
 * letter must keep the original bytes). Lines are numbered from 1; a trailing CR is dropped; a last
 * line without a newline counts. A line longer than {@code maxLine} comes back once, truncated, so
 * that one runaway line cannot exhaust the heap. The current line is a window into the cursor's own
 * buffer, valid until the next call: a caller that keeps a line copies it (a Flink source keeps only
 * the lines its subtask owns, so the others are never copied).
 *
 * <pre>{@code
 * LineCursor c = new LineCursor(in, TraceReader.MAX_LINE_BYTES);
 * while (c.next()) {
 *     handle(c.number(), c.buffer(), c.offset(), c.length(), c.truncated());
 * }
 * }</pre>
 */
public final class LineCursor {
    /** Reads eight bytes at once: finding newlines a byte at a time cost a third of decoding. */
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long NEWLINES = 0x0A0A0A0A0A0A0A0AL;
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGH_BITS = 0x8080808080808080L;

    private final InputStream in;
    private final int maxLine;
    private byte[] buf = new byte[1 << 16];
    private int start;
    private int end;
    private boolean eof;
    /** Inside an over-long line that was already reported: drop bytes until its newline. */
    private boolean skipping;

    private long number;
    private int lineOffset;
    private int lineLength;
    private boolean truncated;

    public LineCursor(InputStream in, int maxLine) {
        this.in = in;
        this.maxLine = maxLine;
    }

    /** Moves to the next line; false at the end of the stream. */
    public boolean next() throws IOException {
        while (true) {
            int nl = indexOfNewline(buf, start, end);
            if (nl >= 0) {
                boolean wasSkipping = skipping;
                skipping = false;
                int lineStart = start;
                start = nl + 1;
                if (!wasSkipping) {
                    int len = nl - lineStart;
                    if (len > 0 && buf[nl - 1] == '\r') {
                        len--;
                    }
                    return take(lineStart, len, false);
                }
                continue;
            }
            if (!skipping && end - start >= maxLine) {
                skipping = true;
                int lineStart = start;
                start = end; // the window stays readable: the buffer is compacted only on the next call
                return take(lineStart, end - lineStart, true);
            }
            if (skipping) {
                start = end;
            }
            if (eof) {
                if (end > start) {
                    int lineStart = start;
                    start = end;
                    return take(lineStart, end - lineStart, false);
                }
                return false;
            }
            fill();
        }
    }

    private boolean take(int off, int len, boolean cut) {
        number++;
        lineOffset = off;
        lineLength = len;
        truncated = cut;
        return true;
    }

    private void fill() throws IOException {
        if (start > 0) {
            System.arraycopy(buf, start, buf, 0, end - start);
            end -= start;
            start = 0;
        }
        if (end == buf.length) {
            buf = Arrays.copyOf(buf, buf.length * 2);
        }
        int n = in.read(buf, end, buf.length - end);
        if (n < 0) {
            eof = true;
        } else {
            end += n;
        }
    }

    /** The current line's number, from 1. */
    public long number() {
        return number;
    }

    /** The buffer holding the current line, from {@link #offset()} for {@link #length()} bytes. */
    public byte[] buffer() {
        return buf;
    }

    public int offset() {
        return lineOffset;
    }

    public int length() {
        return lineLength;
    }

    /** The line was longer than the limit: the window holds only its beginning. */
    public boolean truncated() {
        return truncated;
    }

    /** The current line holds only spaces, tabs and line ends (skipped, not counted as a record). */
    public boolean blank() {
        for (int i = lineOffset; i < lineOffset + lineLength; i++) {
            byte b = buf[i];
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                return false;
            }
        }
        return true;
    }

    /** A copy of the current line. */
    public byte[] copy() {
        return Arrays.copyOfRange(buf, lineOffset, lineOffset + lineLength);
    }

    /** The index of the first '\n' in {@code buf[from, to)}, or -1. */
    static int indexOfNewline(byte[] buf, int from, int to) {
        int i = from;
        for (; i + Long.BYTES <= to; i += Long.BYTES) {
            // a zero byte in x is a newline in the word; the lowest flag marks the first one exactly
            long x = (long) LONGS.get(buf, i) ^ NEWLINES;
            long flags = (x - ONES) & ~x & HIGH_BITS;
            if (flags != 0) {
                return i + (Long.numberOfTrailingZeros(flags) >>> 3);
            }
        }
        for (; i < to; i++) {
            if (buf[i] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
