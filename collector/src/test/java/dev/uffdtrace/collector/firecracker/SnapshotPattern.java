package dev.uffdtrace.collector.firecracker;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A snapshot memory file whose every page says which page of the file it is: bytes 0..7 hold
 * the page number (little-endian, +1 so no page is all zeros), the rest a pattern seeded by it.
 */
final class SnapshotPattern {
    static final int PAGE = 4096;

    private SnapshotPattern() {
    }

    static byte[] page(long filePage) {
        byte[] b = new byte[PAGE];
        for (int j = 8; j < PAGE; j++) {
            b[j] = (byte) (filePage * 31 + j * 7 + 1);
        }
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putLong(0, filePage + 1);
        return b;
    }

    /** Null when {@code actual} equals {@code expected}; else one line saying where and what it looks like. */
    static String mismatch(byte[] actual, byte[] expected) {
        int i = java.util.Arrays.mismatch(actual, expected);
        if (i < 0) {
            return null;
        }
        long tag = ByteBuffer.wrap(actual).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        String looksLike = tag == 0 ? "starts with zeros" : "looks like file page " + (tag - 1);
        return String.format("differs at byte %d (got %d, expected %d); the page %s", i, actual[i], expected[i],
                looksLike);
    }

    static Path write(Path file, int pages) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            for (int i = 0; i < pages; i++) {
                ch.write(ByteBuffer.wrap(page(i)));
            }
        }
        return file;
    }
}
