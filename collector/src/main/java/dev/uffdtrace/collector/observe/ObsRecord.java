package dev.uffdtrace.collector.observe;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * One record of the BPF ring buffer, at most {@value #SIZE} bytes, little-endian (struct obs_rec in
 * src/main/bpf/observe.h, which documents what {@code a}, {@code b}, {@code ret}, {@code dur}
 * and {@code data} hold for each kind, and how long each kind is).
 *
 * <pre>
 *  0 kind u32 | 4 tgid u32 | 8 tid u32 | 12 fd s32 | 16 ctx u64 | 24 ts u64 (CLOCK_MONOTONIC ns)
 * 32 a u64    | 40 b u64   | 48 ret s64 | 56 dur u64 | 64 data[64]
 * </pre>
 */
public record ObsRecord(Kind kind, int tgid, int tid, int fd, long ctx, long ts, long a, long b, long ret, long dur,
                        byte[] data) {
    /** The longest record (IOCTL); the shortest, CLOSE and EXIT, is the {@value #HEADER}-byte header. */
    public static final int SIZE = 128;
    static final int HEADER = 32;
    static final int DATA = 64;
    /** Where {@code kind}, {@code ts} and {@code a} are, for readers that look before decoding. */
    static final int KIND_AT = 0;
    static final int TS_AT = 24;
    static final int A_AT = 32;

    /** Record kinds, by the REC_* number of observe.h. */
    public enum Kind {
        UNKNOWN, CREATE, IOCTL, MSG, FORKED, CLOSE, HANDOFF, ADOPT, UFAULT, EXIT;

        static Kind of(int code) {
            Kind[] all = values();
            return code > 0 && code < all.length ? all[code] : UNKNOWN;
        }
    }

    /** CREATE's {@code a}: how the uffd was made. */
    static final long VIA_SYSCALL = 0;
    static final long VIA_DEV = 1;

    public ObsRecord {
        if (data.length != DATA) {
            throw new IllegalArgumentException("data: must be " + DATA + " bytes, was " + data.length);
        }
    }

    /**
     * The record at {@code offset} of {@code buf}, {@code length} bytes as the ring buffer says: each
     * kind is only as long as the fields it uses (REC_LEN_* in observe.h); a field past the end reads 0.
     */
    public static ObsRecord decode(ByteBuffer buf, int offset, int length) {
        if (length < HEADER || length > SIZE || offset < 0 || offset + length > buf.limit()) {
            throw new IllegalArgumentException("record: " + HEADER + " to " + SIZE + " bytes expected at " + offset
                    + ", got " + length + " (buffer of " + buf.limit() + ")");
        }
        // the ring's own buffer is already little-endian (native order on x86_64/aarch64): no copy of it
        ByteBuffer b = buf.order() == ByteOrder.LITTLE_ENDIAN ? buf : buf.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        byte[] data = new byte[DATA];
        if (length > DATA) {
            b.get(offset + DATA, data, 0, length - DATA);
        }
        return new ObsRecord(Kind.of(b.getInt(offset)), b.getInt(offset + 4), b.getInt(offset + 8),
                b.getInt(offset + 12), b.getLong(offset + 16), b.getLong(offset + 24), field(b, offset, length, 32),
                field(b, offset, length, 40), field(b, offset, length, 48), field(b, offset, length, 56), data);
    }

    /** The u64 at {@code at} of a record of {@code length} bytes, 0 past its end. */
    private static long field(ByteBuffer b, int offset, int length, int at) {
        return at + 8 <= length ? b.getLong(offset + at) : 0;
    }

    /** {@code data} as a little-endian buffer (the ioctl argument or the uffd_msg). */
    public ByteBuffer dataBuffer() {
        return ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** CREATE and FORKED: the uffd's struct file pointer (data[0..8]), as HANDOFF and ADOPT carry it in {@code a}. */
    long newFile() {
        return dataBuffer().getLong(0);
    }

    /** The ioctl's number (_UFFDIO_*), for an IOCTL record. */
    public int ioctlNr() {
        return (int) (a & 0xff);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ObsRecord r && kind == r.kind && tgid == r.tgid && tid == r.tid && fd == r.fd
                && ctx == r.ctx && ts == r.ts && this.a == r.a && this.b == r.b && ret == r.ret && dur == r.dur
                && Arrays.equals(data, r.data);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(ctx * 31 + ts) ^ kind.hashCode();
    }

    @Override
    public String toString() {
        return "ObsRecord[" + kind + " tgid=" + tgid + " tid=" + tid + " fd=" + fd + " ctx=" + ctx + " ts=" + ts
                + " a=0x" + Long.toHexString(a) + " b=0x" + Long.toHexString(b) + " ret=" + ret + " dur=" + dur + "]";
    }
}
