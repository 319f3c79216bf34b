package dev.uffdtrace.analyzer.trace;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * An invalid record with the reason and its original text (the first 4 KiB, bytes that are
 * not UTF-8 replaced by U+FFFD).
 *
 * @param source the file as named, or {@code kafka:TOPIC:PARTITION:OFFSET}
 * @param line   the 1-based line number in a file; 0 where there are no lines (Kafka)
 */
public record DeadLetter(String source, long line, String reason, String raw) {
    public static final int MAX_RAW_BYTES = 4096;

    /** Decodes at most the first 4 KiB of {@code bytes[off, off+len)} as UTF-8, replacing what is not. */
    public static String rawText(byte[] bytes, int off, int len) {
        int n = Math.min(len, MAX_RAW_BYTES);
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE)
                    .decode(ByteBuffer.wrap(bytes, off, n)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalStateException("a replacing decoder cannot fail", e);
        }
    }

    /** The first 4 KiB of {@code text}. */
    public static String rawText(String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        return b.length <= MAX_RAW_BYTES ? text : rawText(b, 0, b.length);
    }
}
