package dev.uffdtrace.analyzer.trace;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** The word-at-a-time newline search against a byte-by-byte one. */
class LineReaderTest {
    @Property(tries = 2000)
    void findsTheFirstNewlineLikeAByteLoop(@ForAll("bytes") byte[] buf, @ForAll @IntRange(max = 40) int from,
                                           @ForAll @IntRange(max = 40) int to) {
        int f = Math.min(from, buf.length);
        int t = Math.max(f, Math.min(to, buf.length));
        int expected = -1;
        for (int i = f; i < t; i++) {
            if (buf[i] == '\n') {
                expected = i;
                break;
            }
        }
        assertThat(LineReader.indexOfNewline(buf, f, t)).isEqualTo(expected);
    }

    @Provide
    Arbitrary<byte[]> bytes() {
        // newlines, their neighbours, and bytes that borrow or carry in the word arithmetic
        return Arbitraries.of((byte) '\n', (byte) 0x0b, (byte) 0x09, (byte) 0, (byte) 0x80, (byte) 0x8a,
                (byte) 0xff, (byte) 'a', (byte) 0x01).array(byte[].class).ofMaxSize(40);
    }
}
