package dev.uffdtrace.pipeline.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Lines numbered and cut the way the analyzer's TraceReader does it. */
class LineCursorTest {
    private static List<String> lines(String text, int maxLine) throws IOException {
        LineCursor c = new LineCursor(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), maxLine);
        List<String> out = new ArrayList<>();
        while (c.next()) {
            out.add(c.number + (c.truncated ? "!" : ":") + new String(c.line, StandardCharsets.UTF_8)
                    + (LineCursor.isBlank(c.line) ? " (blank)" : ""));
        }
        return out;
    }

    @Test
    void numbersLinesDropsCarriageReturnsAndKeepsALastLineWithoutNewline() throws IOException {
        assertThat(lines("a\r\n\n  \nb\nlast", 1 << 20))
                .containsExactly("1:a", "2: (blank)", "3:   (blank)", "4:b", "5:last");
    }

    @Test
    void cutsAnOverlongLineAndGoesOnAfterIt() throws IOException {
        String longLine = "x".repeat(100_000); // longer than the limit and than the first buffer, as in TraceReader
        assertThat(lines("a\n" + longLine + "\nb\n", 1 << 16))
                .containsExactly("1:a", "2!" + "x".repeat(LineCursor.KEPT_OF_LONG_LINE), "3:b");
    }

    @Test
    void emptyInputHasNoLines() throws IOException {
        assertThat(lines("", 100)).isEmpty();
    }
}
