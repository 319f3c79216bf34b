package dev.uffdtrace.collector.observe;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Builds 128-byte ring-buffer records byte by byte, as the BPF program lays them out (observe.h). */
final class Records {
    static final int TGID = 4242;
    static final int TID = 4243;

    private final ByteBuffer b = ByteBuffer.allocate(ObsRecord.SIZE).order(ByteOrder.LITTLE_ENDIAN);

    static Records of(int kind, int tgid, int fd, long ctx, long ts) {
        Records r = new Records();
        r.b.putInt(0, kind).putInt(4, tgid).putInt(8, TID).putInt(12, fd).putLong(16, ctx).putLong(24, ts);
        return r;
    }

    Records a(long v) {
        b.putLong(32, v);
        return this;
    }

    Records b(long v) {
        b.putLong(40, v);
        return this;
    }

    Records ret(long v) {
        b.putLong(48, v);
        return this;
    }

    Records dur(long v) {
        b.putLong(56, v);
        return this;
    }

    /** Little-endian u64s into data[] from {@code index} (each 8 bytes). */
    Records data(int index, long... values) {
        for (int i = 0; i < values.length; i++) {
            b.putLong(64 + 8 * (index + i), values[i]);
        }
        return this;
    }

    Records dataByte(int offset, int value) {
        b.put(64 + offset, (byte) value);
        return this;
    }

    byte[] bytes() {
        return b.array().clone();
    }

    ObsRecord decode() {
        return ObsRecord.decode(ByteBuffer.wrap(bytes()), 0, ObsRecord.SIZE);
    }
}
