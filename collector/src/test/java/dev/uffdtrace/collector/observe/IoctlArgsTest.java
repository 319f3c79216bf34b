package dev.uffdtrace.collector.observe;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.Test;

class IoctlArgsTest {
    private static ByteBuffer arg(long... values) {
        ByteBuffer b = ByteBuffer.allocate(40).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < values.length; i++) {
            b.putLong(8 * i, values[i]);
        }
        return b;
    }

    @Test
    void copyHasDstSrcLenModeAndCopied() {
        IoctlArgs a = IoctlArgs.decode(3, arg(0x1000, 0x9000, 0x2000, 1, 0x1000));
        assertThat(a).isEqualTo(new IoctlArgs("COPY", 0x1000, 0x2000, 1, 0x9000L, 0x1000L));
        assertThat(a.modeNames()).containsExactly("DONTWAKE");
        assertThat(a.bytes()).isEqualTo(0x1000);
    }

    @Test
    void aWrittenBackErrorIsZeroBytes() {
        IoctlArgs a = IoctlArgs.decode(4, arg(0x1000, 0x1000, 0, -17));
        assertThat(a.op()).isEqualTo("ZEROPAGE");
        assertThat(a.bytes()).isZero();
    }

    @Test
    void writeprotectHasWpAndDontwakeTheOtherWayRound() {
        assertThat(IoctlArgs.decode(6, arg(0x1000, 0x1000, 1)).modeNames()).containsExactly("WP");
        assertThat(IoctlArgs.decode(6, arg(0x1000, 0x1000, 2)).modeNames()).containsExactly("DONTWAKE");
        assertThat(IoctlArgs.decode(6, arg(0x1000, 0x1000, 0)).bytes()).isNull();
    }

    @Test
    void continueWithWpAndMoveWithSrcHoles() {
        assertThat(IoctlArgs.decode(7, arg(0x1000, 0x1000, 3, 0x1000)).modeNames()).isEqualTo(List.of("DONTWAKE", "WP"));
        IoctlArgs move = IoctlArgs.decode(5, arg(0x1000, 0x8000, 0x1000, 2, -22));
        assertThat(move.modeNames()).containsExactly("ALLOW_SRC_HOLES");
        assertThat(move.src()).isEqualTo(0x8000);
    }

    @Test
    void wakeAndPoisonAndUnknown() {
        assertThat(IoctlArgs.decode(2, arg(0x1000, 0x3000, 7)).modeNames()).isEmpty();
        assertThat(IoctlArgs.decode(8, arg(0x1000, 0x1000, 0, 0x1000)).op()).isEqualTo("POISON");
        assertThat(IoctlArgs.decode(0x20, arg())).isNull();
    }
}
