package dev.uffdtrace.collector.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** Decoding from byte literals laid out as the kernel writes them (little-endian). */
class UffdMessagesTest {
    private static ByteBuffer bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return ByteBuffer.wrap(b);
    }

    // a write fault on a write-protected page at 0x7f12_3456_7000, ptid 4242 (0x1092)
    private static final int[] WP_FAULT = {
        0x12, 0, 0, 0, 0, 0, 0, 0,
        0x03, 0, 0, 0, 0, 0, 0, 0,
        0x00, 0x70, 0x56, 0x34, 0x12, 0x7f, 0, 0,
        0x92, 0x10, 0, 0, 0, 0, 0, 0,
    };

    @Test
    void decodesAPagefault() {
        UffdMessage m = UffdMessages.decode(bytes(WP_FAULT), 0);
        assertThat(m).isEqualTo(new UffdMessage.PageFault(3, 0x7f1234567000L, 4242));
        UffdMessage.PageFault pf = (UffdMessage.PageFault) m;
        assertThat(pf.write()).isTrue();
        assertThat(pf.wp()).isTrue();
        assertThat(pf.minor()).isFalse();
        assertThat(BitNames.faultFlags(pf.flags())).containsExactly("WRITE", "WP");
    }

    @Test
    void decodesAMinorReadFault() {
        ByteBuffer b = bytes(0x12, 0, 0, 0, 0, 0, 0, 0, 0x04, 0, 0, 0, 0, 0, 0, 0,
                0x00, 0x10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        assertThat(UffdMessages.decode(b, 0)).isEqualTo(new UffdMessage.PageFault(4, 0x1000, 0));
        assertThat(BitNames.faultFlags(4)).containsExactly("MINOR");
    }

    @Test
    void decodesForkRemapRemoveUnmap() {
        ByteBuffer fork = bytes(0x13, 0, 0, 0, 0, 0, 0, 0, 0x07, 0, 0, 0, 0, 0, 0, 0,
                0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        assertThat(UffdMessages.decode(fork, 0)).isEqualTo(new UffdMessage.Fork(7));

        ByteBuffer remap = bytes(0x14, 0, 0, 0, 0, 0, 0, 0, 0, 0x10, 0, 0, 0, 0, 0, 0,
                0, 0x20, 0, 0, 0, 0, 0, 0, 0, 0x30, 0, 0, 0, 0, 0, 0);
        assertThat(UffdMessages.decode(remap, 0)).isEqualTo(new UffdMessage.Remap(0x1000, 0x2000, 0x3000));

        ByteBuffer remove = bytes(0x15, 0, 0, 0, 0, 0, 0, 0, 0, 0x10, 0, 0, 0, 0, 0, 0,
                0, 0x30, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        assertThat(UffdMessages.decode(remove, 0)).isEqualTo(new UffdMessage.Remove(0x1000, 0x3000));

        ByteBuffer unmap = bytes(0x16, 0, 0, 0, 0, 0, 0, 0, 0, 0x10, 0, 0, 0, 0, 0, 0,
                0, 0x30, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        assertThat(UffdMessages.decode(unmap, 0)).isEqualTo(new UffdMessage.Unmap(0x1000, 0x3000));
    }

    @Test
    void decodesTheSecondMessageOfABatch() {
        ByteBuffer batch = ByteBuffer.allocate(64);
        batch.put(bytes(0x15, 0, 0, 0, 0, 0, 0, 0, 0, 0x10, 0, 0, 0, 0, 0, 0,
                0, 0x30, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0));
        batch.put(bytes(WP_FAULT));
        batch.flip();
        assertThat(UffdMessages.count(batch.limit())).isEqualTo(2);
        assertThat(UffdMessages.decode(batch, 32)).isInstanceOf(UffdMessage.PageFault.class);
    }

    @Test
    void anUnknownCodeIsKeptAndAZeroedBufferIsNeverAFault() {
        assertThat(UffdMessages.decode(ByteBuffer.allocate(32), 0)).isEqualTo(new UffdMessage.Unknown(0));
        ByteBuffer b = ByteBuffer.allocate(32);
        b.put(0, (byte) 0x17);
        assertThat(UffdMessages.decode(b, 0)).isEqualTo(new UffdMessage.Unknown(0x17));
    }

    @Test
    void aShortBufferIsRejected() {
        assertThatThrownBy(() -> UffdMessages.decode(ByteBuffer.allocate(40), 16))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("offset");
    }
}
