package dev.uffdtrace.pipeline.io;

import java.nio.charset.StandardCharsets;

/**
 * Which of P parallel readers replays a ctx when every reader sees every record (the offline replay
 * of files): a hash of the ctx's UTF-8 bytes, so a reader can decide from a record's raw bytes
 * ({@code CtxPeek}) without decoding it. A record without a ctx (invalid) belongs to the reader its
 * position names, so that exactly one reader turns it into a dead letter.
 */
public final class CtxOwnership {
    private CtxOwnership() {
    }

    /** The owner of the ctx whose UTF-8 bytes are {@code b[off, off + len)}. */
    public static int ofBytes(byte[] b, int off, int len, int parallelism) {
        long h = 0xcbf29ce484222325L; // FNV-1a, 64 bit
        for (int i = off; i < off + len; i++) {
            h ^= b[i] & 0xff;
            h *= 0x100000001b3L;
        }
        return (int) Long.remainderUnsigned(h ^ (h >>> 32), parallelism);
    }

    public static int ofCtx(String ctx, int parallelism) {
        byte[] b = ctx.getBytes(StandardCharsets.UTF_8);
        return ofBytes(b, 0, b.length, parallelism);
    }

    /** The owner of a record that has no ctx: the {@code position}-th line of file {@code origin}. */
    public static int ofPosition(int origin, long position, int parallelism) {
        return (int) Long.remainderUnsigned(position * 31 + origin, parallelism);
    }
}
