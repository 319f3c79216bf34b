package dev.uffdtrace.collector.loop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.uffdtrace.collector.linux.Uapi;
import org.junit.jupiter.api.Test;

class OpTest {
    @Test
    void writeprotectReadsItsOwnBitOrder() {
        // UFFDIO_WRITEPROTECT_MODE_WP is bit 0 and DONTWAKE bit 1, the reverse of COPY's flags
        assertThat(Op.WRITEPROTECT.modeNames(Uapi.WRITEPROTECT_MODE_WP)).containsExactly("WP");
        assertThat(Op.WRITEPROTECT.modeNames(Uapi.WRITEPROTECT_MODE_DONTWAKE)).containsExactly("DONTWAKE");
        assertThat(Op.WRITEPROTECT.modeNames(0)).isEmpty();
    }

    @Test
    void fillFlags() {
        assertThat(Op.COPY.modeNames(Uapi.COPY_MODE_WP | Uapi.COPY_MODE_DONTWAKE)).containsExactly("DONTWAKE", "WP");
        assertThat(Op.CONTINUE.modeNames(Uapi.CONTINUE_MODE_WP)).containsExactly("WP");
        assertThat(Op.ZEROPAGE.modeNames(Uapi.ZEROPAGE_MODE_DONTWAKE)).containsExactly("DONTWAKE");
        assertThat(Op.MOVE.modeNames(Uapi.MOVE_MODE_ALLOW_SRC_HOLES)).containsExactly("ALLOW_SRC_HOLES");
    }
}
