package dev.uffdtrace.pipeline.io;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Pulls lines from a byte stream without decoding them, numbered from 1 as the analyzer's
 * {@code TraceReader} numbers them: a trailing CR is dropped, a last line without a newline counts,
 * and a line longer than the limit comes back truncated to its first 4 KiB.
 */
final class LineCursor {
    static final int KEPT_OF_LONG_LINE = 4096;

    private final InputStream in;
    private final int maxLine;
    private byte[] buf = new byte[1 << 16];
    private int start;
    private int end;
    private boolean eof;

    long number;
    byte[] line;
    boolean truncated;

    LineCursor(InputStream in, int maxLine) {
        this.in = in;
        this.maxLine = maxLine;
    }

    /** Skips {@code lines} lines (a restored reader resuming). */
    void skip(long lines) throws IOException {
        for (long i = 0; i < lines && next(); i++) {
            // just advance
        }
    }

    /** Moves to the next line; false at the end of the stream. */
    boolean next() throws IOException {
        while (true) {
            int nl = indexOfNewline();
            if (nl >= 0) {
                int len = nl - start;
                if (len > 0 && buf[nl - 1] == '\r') {
                    len--;
                }
                take(len, false);
                start = nl + 1;
                return true;
            }
            if (end - start >= maxLine) {
                take(KEPT_OF_LONG_LINE, true);
                skipPastNewline();
                return true;
            }
            if (eof) {
                if (end > start) {
                    take(end - start, false);
                    start = end;
                    return true;
                }
                return false;
            }
            fill();
        }
    }

    private void take(int len, boolean cut) {
        number++;
        line = Arrays.copyOfRange(buf, start, start + len);
        truncated = cut;
    }

    private int indexOfNewline() {
        for (int i = start; i < end; i++) {
            if (buf[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private void skipPastNewline() throws IOException {
        while (true) {
            int nl = indexOfNewline();
            if (nl >= 0) {
                start = nl + 1;
                return;
            }
            start = end;
            if (eof) {
                return;
            }
            fill();
        }
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

    static boolean isBlank(byte[] b) {
        for (byte c : b) {
            if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
                return false;
            }
        }
        return true;
    }
}
