package dev.uffdtrace.analyzer.trace;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Splits a byte stream into lines without decoding it (decoding is the JSON parser's job, and
 * a dead letter must keep the original bytes). A line longer than {@code maxLine} is reported
 * truncated so that one runaway line cannot exhaust the heap.
 */
final class LineReader {
    interface LineHandler {
        void line(long number, byte[] buf, int off, int len, boolean truncated) throws IOException;
    }

    private final InputStream in;
    private final int maxLine;
    private byte[] buf = new byte[1 << 16];

    LineReader(InputStream in, int maxLine) {
        this.in = in;
        this.maxLine = maxLine;
    }

    /** Reads eight bytes at once: finding newlines a byte at a time cost a third of decoding. */
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long NEWLINES = 0x0A0A0A0A0A0A0A0AL;
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGH_BITS = 0x8080808080808080L;

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

    void forEach(LineHandler handler) throws IOException {
        int start = 0;
        int end = 0;
        long number = 0;
        boolean skipping = false; // inside an over-long line: drop bytes until its newline
        while (true) {
            int nl = indexOfNewline(buf, start, end);
            if (nl >= 0) {
                number++;
                if (!skipping) {
                    int len = nl - start;
                    if (len > 0 && buf[nl - 1] == '\r') {
                        len--;
                    }
                    handler.line(number, buf, start, len, false);
                }
                skipping = false;
                start = nl + 1;
                continue;
            }
            if (!skipping && end - start >= maxLine) {
                handler.line(number + 1, buf, start, end - start, true);
                skipping = true;
            }
            if (skipping) {
                start = end;
            }
            // compact, grow, refill
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
                if (end > start && !skipping) {
                    handler.line(number + 1, buf, start, end - start, false);
                }
                return;
            }
            end += n;
        }
    }
}
