package dev.uffdtrace.collector.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.uffdtrace.analyzer.trace.Names;
import org.junit.jupiter.api.Test;

class BitNamesTest {
    @Test
    void featureNamesAreTheFormatsInBitOrder() {
        assertThat(BitNames.FEATURES).isEqualTo(Names.FEATURES);
        assertThat(BitNames.features(0x1ffffL)).isEqualTo(Names.FEATURES);
        assertThat(BitNames.features((1L << 15) | (1L << 13))).containsExactly("WP_UNPOPULATED", "WP_ASYNC");
        assertThat(BitNames.features(1L << 20)).containsExactly("BIT_20");
    }

    @Test
    void featureMaskRoundTrips() {
        assertThat(BitNames.featureMask(BitNames.features(0x1ffffL))).isEqualTo(0x1ffffL);
        assertThatThrownBy(() -> BitNames.featureMask(java.util.List.of("NOPE"))).hasMessageContaining("NOPE");
    }

    @Test
    void ioctlMaskBitsAreTheUffdioNumbers() {
        // what UFFDIO_API answers on 6.18: REGISTER|UNREGISTER|API
        assertThat(BitNames.ioctls(0x8000000000000003L)).containsExactly("REGISTER", "UNREGISTER", "API");
        // anon MISSING registration: WAKE COPY ZEROPAGE MOVE POISON
        long anonMissing = (1L << 2) | (1L << 3) | (1L << 4) | (1L << 5) | (1L << 8);
        assertThat(BitNames.ioctls(anonMissing)).containsExactly("WAKE", "COPY", "ZEROPAGE", "MOVE", "POISON");
        assertThat(BitNames.ioctls((1L << 6) | (1L << 7) | (1L << 9)))
                .containsExactly("WRITEPROTECT", "CONTINUE", "BIT_9");
    }

    @Test
    void modesAndFaultFlags() {
        assertThat(BitNames.modes(7)).containsExactly("MISSING", "WP", "MINOR");
        assertThat(BitNames.modes(Uapi.REGISTER_MODE_WP)).containsExactly("WP");
        assertThat(BitNames.faultFlags(0)).isEmpty();
        assertThat(BitNames.faultFlags(5)).containsExactly("WRITE", "MINOR");
    }

    @Test
    void errnoNames() {
        assertThat(Errno.name(22)).isEqualTo("EINVAL");
        assertThat(Errno.name(17)).isEqualTo("EEXIST");
        assertThat(Errno.name(0)).isEqualTo("ok");
        assertThat(Errno.name(999)).isEqualTo("ERRNO_999");
        assertThat(new NativeException("ioctl(UFFDIO_REGISTER)", 22))
                .hasMessage("ioctl(UFFDIO_REGISTER): EINVAL");
    }
}
