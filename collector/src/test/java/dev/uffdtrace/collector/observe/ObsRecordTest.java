package dev.uffdtrace.collector.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.uffdtrace.collector.linux.UffdMessage;
import dev.uffdtrace.collector.linux.UffdMessages;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class ObsRecordTest {
    /** A MSG record as the kernel wrote it: a write fault at 0x7f0000001000 read by fd 5 of pid 4242. */
    private static final String MSG_HEX = ""
            + "03000000" + "92100000" + "93100000" + "05000000"   // kind 3, tgid 4242, tid 4243, fd 5
            + "0700000000000000" + "00e1f50500000000"             // ctx 7, ts 100000000
            + "0000000000000000" + "0100000000000000"             // a: index 0, b: 1 message
            + "2000000000000000" + "e803000000000000"             // ret 32, dur 1000
            + "1200000000000000" + "0100000000000000"             // uffd_msg: event 0x12, flags WRITE
            + "00100000007f0000" + "9310000000000000"             // address, ptid 4243
            + "00000000000000000000000000000000"
            + "00000000000000000000000000000000";

    @Test
    void decodesAMessageRecordFromTheKernelsBytes() {
        byte[] bytes = HexFormat.of().parseHex(MSG_HEX);
        assertThat(bytes).hasSize(ObsRecord.SIZE);
        ObsRecord r = ObsRecord.decode(ByteBuffer.wrap(bytes), 0, bytes.length);
        assertThat(r.kind()).isEqualTo(ObsRecord.Kind.MSG);
        assertThat(r.tgid()).isEqualTo(4242);
        assertThat(r.tid()).isEqualTo(4243);
        assertThat(r.fd()).isEqualTo(5);
        assertThat(r.ctx()).isEqualTo(7);
        assertThat(r.ts()).isEqualTo(100_000_000L);
        assertThat(r.b()).isEqualTo(1);
        assertThat(r.ret()).isEqualTo(32);
        assertThat(r.dur()).isEqualTo(1000);
        UffdMessage m = UffdMessages.decode(r.dataBuffer(), 0);
        assertThat(m).isEqualTo(new UffdMessage.PageFault(1, 0x7f0000001000L, 4243));
    }

    @Test
    void decodesAtAnOffsetInsideTheRing() {
        byte[] ring = new byte[ObsRecord.SIZE + 24];
        System.arraycopy(HexFormat.of().parseHex(MSG_HEX), 0, ring, 24, ObsRecord.SIZE);
        ObsRecord r = ObsRecord.decode(ByteBuffer.wrap(ring), 24, ObsRecord.SIZE);
        assertThat(r.ctx()).isEqualTo(7);
    }

    @Test
    void ioctlRecordKeepsCommandAndNegativeReturn() {
        ObsRecord r = Records.of(2, 1, 3, 9, 5).a(0xc020aa04L).ret(-17).decode();
        assertThat(r.kind()).isEqualTo(ObsRecord.Kind.IOCTL);
        assertThat(r.ioctlNr()).isEqualTo(4);
        assertThat(r.ret()).isEqualTo(-17);
    }

    @Test
    void anUnknownKindIsKeptAsUnknown() {
        assertThat(Records.of(99, 1, 3, 9, 5).decode().kind()).isEqualTo(ObsRecord.Kind.UNKNOWN);
        assertThat(Records.of(0, 1, 3, 9, 5).decode().kind()).isEqualTo(ObsRecord.Kind.UNKNOWN);
    }

    @Test
    void aShortOrMisplacedRecordIsRejected() {
        ByteBuffer buf = ByteBuffer.wrap(new byte[ObsRecord.SIZE]);
        assertThatThrownBy(() -> ObsRecord.decode(buf, 0, 24)).hasMessageContaining("32 to 128 bytes expected");
        assertThatThrownBy(() -> ObsRecord.decode(buf, 0, 136)).hasMessageContaining("got 136");
        assertThatThrownBy(() -> ObsRecord.decode(buf, 8, ObsRecord.SIZE)).hasMessageContaining("at 8");
    }

    @Test
    void aRecordShorterThanTheLongestReadsItsMissingFieldsAsZero_notTheBytesThatFollowIt() {
        byte[] ring = new byte[ObsRecord.SIZE];
        Arrays.fill(ring, (byte) 0x5a); // what follows a 48-byte UFAULT in the ring: the next record
        System.arraycopy(Records.of(8, 1, -1, 0, 77).a(0x7f0000001000L).b(6).bytes(), 0, ring, 0, 48);
        ObsRecord r = ObsRecord.decode(ByteBuffer.wrap(ring), 0, 48);

        assertThat(r.kind()).isEqualTo(ObsRecord.Kind.UFAULT);
        assertThat(r.a()).isEqualTo(0x7f0000001000L);
        assertThat(r.b()).isEqualTo(6);
        assertThat(r.ret()).isZero();
        assertThat(r.dur()).isZero();
        assertThat(r.data()).containsOnly(0);
    }

    @Test
    void aMessageRecordOf96BytesKeepsItsMessage() {
        byte[] ring = new byte[ObsRecord.SIZE];
        Arrays.fill(ring, (byte) 0x5a);
        System.arraycopy(HexFormat.of().parseHex(MSG_HEX), 0, ring, 0, 96);
        ObsRecord r = ObsRecord.decode(ByteBuffer.wrap(ring), 0, 96);

        assertThat(UffdMessages.decode(r.dataBuffer(), 0)).isEqualTo(new UffdMessage.PageFault(1, 0x7f0000001000L, 4243));
        assertThat(r.dataBuffer().getLong(32)).isZero();
    }
}
