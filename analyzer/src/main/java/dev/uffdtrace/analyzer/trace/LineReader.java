package dev.uffdtrace.analyzer.trace;

import java.io.IOException;
import java.io.InputStream;
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

    void forEach(LineHandler handler) throws IOException {
        int start = 0;
        int end = 0;
        long number = 0;
        boolean skipping = false; // inside an over-long line: drop bytes until its newline
        while (true) {
            int scan = start;
            int nl = -1;
            for (int i = scan; i < end; i++) {
                if (buf[i] == '\n') {
                    nl = i;
                    break;
                }
            }
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
