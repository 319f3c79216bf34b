package dev.uffdtrace.analyzer.trace;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Finds a record's {@code ctx} without decoding it: enough for a reader that must decide which
 * records are its own (a parallel replay where every reader sees every line) at a fraction of a
 * decode's cost. It answers only when the answer is certain to be the one the decoder would give,
 * and says "don't know" otherwise, so the caller decodes:
 * <ul>
 *   <li>the bytes {@code "ctx"} occur exactly once in the line: no duplicate key (the decoder keeps
 *       the last), no nested object with its own {@code ctx}, and, as a string value containing a
 *       quote is always escaped, no string that merely contains the name;</li>
 *   <li>that occurrence is a member name: after {@code {} or {@code ,}, followed by {@code :};</li>
 *   <li>its value is an ASCII string without escapes, so its bytes are exactly the decoded ctx's UTF-8.</li>
 * </ul>
 * A line where the single occurrence is nested (no top-level {@code ctx}) is invalid whatever the
 * answer, and every reader gets the same answer from the same bytes.
 */
public final class CtxPeek {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGH_BITS = 0x8080808080808080L;
    private static final long EXES = ONES * 'x';
    /** "Don't know": decode the record to learn its ctx (or that it is invalid). */
    public static final long UNKNOWN = -1;

    private CtxPeek() {
    }

    /**
     * The ctx value's bytes in {@code b} as {@code offset << 32 | length}, or {@link #UNKNOWN}.
     */
    public static long find(byte[] b, int off, int len) {
        int end = off + len;
        int at = indexOfName(b, off, end);
        if (at < 0 || indexOfName(b, at + 5, end) >= 0) {
            return UNKNOWN;
        }
        int before = skipSpaceBackwards(b, at - 1, off);
        if (before < off || (b[before] != '{' && b[before] != ',')) {
            return UNKNOWN;
        }
        int i = skipSpace(b, at + 5, end);
        if (i >= end || b[i] != ':') {
            return UNKNOWN;
        }
        i = skipSpace(b, i + 1, end);
        if (i >= end || b[i] != '"') {
            return UNKNOWN;
        }
        int start = i + 1;
        for (int j = start; j < end; j++) {
            byte c = b[j];
            if (c == '"') {
                return ((long) start << 32) | (j - start);
            }
            if (c == '\\' || c < 0x20) { // an escape, a control byte, or (signed) any non-ASCII byte
                return UNKNOWN;
            }
        }
        return UNKNOWN;
    }

    /** The ctx as a string, or null where {@link #find} does not know. */
    public static String ctx(byte[] b, int off, int len) {
        long found = find(b, off, len);
        return found == UNKNOWN ? null : new String(b, (int) (found >>> 32), (int) found, StandardCharsets.UTF_8);
    }

    /** The index of the next {@code "ctx"} (five bytes, quotes included) in {@code b[from, end)}, or -1. */
    private static int indexOfName(byte[] b, int from, int end) {
        // find each 'x' eight bytes at a time (a rare letter in a record) and look around it
        int i = from + 3;
        for (; i + Long.BYTES <= end; i += Long.BYTES) {
            long x = (long) LONGS.get(b, i) ^ EXES;
            long flags = (x - ONES) & ~x & HIGH_BITS;
            while (flags != 0) {
                int at = i + (Long.numberOfTrailingZeros(flags) >>> 3) - 3;
                if (isName(b, at, end)) {
                    return at;
                }
                flags &= flags - 1;
            }
        }
        for (int at = i - 3; at + 5 <= end; at++) {
            if (isName(b, at, end)) {
                return at;
            }
        }
        return -1;
    }

    private static boolean isName(byte[] b, int at, int end) {
        return at + 5 <= end && b[at] == '"' && b[at + 1] == 'c' && b[at + 2] == 't' && b[at + 3] == 'x'
                && b[at + 4] == '"';
    }

    private static int skipSpace(byte[] b, int i, int end) {
        while (i < end && isSpace(b[i])) {
            i++;
        }
        return i;
    }

    private static int skipSpaceBackwards(byte[] b, int i, int off) {
        while (i >= off && isSpace(b[i])) {
            i--;
        }
        return i;
    }

    private static boolean isSpace(byte c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }
}
