package dev.uffdtrace.analyzer.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** Lines numbered and cut as TRACE-FORMAT counts them; the word-at-a-time newline search against a byte loop. */
class LineCursorTest {
    private static List<String> lines(String text, int maxLine) throws IOException {
        LineCursor c = new LineCursor(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), maxLine);
        List<String> out = new ArrayList<>();
        while (c.next()) {
            out.add(c.number() + (c.truncated() ? "!" : ":") + new String(c.copy(), StandardCharsets.UTF_8)
                    + (c.blank() ? " (blank)" : ""));
        }
        return out;
    }

    @Test
    void numbersLinesDropsCarriageReturnsAndKeepsALastLineWithoutNewline() throws IOException {
        assertThat(lines("a\r\n\n  \nb\nlast", 1 << 20))
                .containsExactly("1:a", "2: (blank)", "3:   (blank)", "4:b", "5:last");
    }

    @Test
    void reportsAnOverlongLineOnceTruncatedAndGoesOnAfterIt() throws IOException {
        String longLine = "x".repeat(100_000); // longer than the limit and than the first buffer
        List<String> got = lines("a\n" + longLine + "\nb\n", 1 << 16);
        assertThat(got).hasSize(3);
        assertThat(got.get(0)).isEqualTo("1:a");
        assertThat(got.get(1)).startsWith("2!xxx").hasSizeGreaterThanOrEqualTo(2 + (1 << 16));
        assertThat(got.get(2)).isEqualTo("3:b");
    }

    @Test
    void anOverlongLastLineWithoutNewlineIsReportedOnce() throws IOException {
        assertThat(lines("a\n" + "y".repeat(70_000), 1 << 16)).hasSize(2);
    }

    @Test
    void emptyInputHasNoLines() throws IOException {
        assertThat(lines("", 100)).isEmpty();
    }

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
        assertThat(LineCursor.indexOfNewline(buf, f, t)).isEqualTo(expected);
    }

    @Provide
    Arbitrary<byte[]> bytes() {
        // newlines, their neighbours, and bytes that borrow or carry in the word arithmetic
        return Arbitraries.of((byte) '\n', (byte) 0x0b, (byte) 0x09, (byte) 0, (byte) 0x80, (byte) 0x8a,
                (byte) 0xff, (byte) 'a', (byte) 0x01).array(byte[].class).ofMaxSize(40);
    }
}
