package dev.uffdtrace.analyzer.replay;

import dev.uffdtrace.analyzer.state.PendingFault;
import dev.uffdtrace.analyzer.state.RegisteredRange;
import dev.uffdtrace.analyzer.trace.Envelope;
import dev.uffdtrace.analyzer.trace.FaultEvent;
import dev.uffdtrace.analyzer.trace.MemType;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The complete state of a {@link ContextReplay} as bytes, for engines that checkpoint it
 * (Flink keyed state). The layout is versioned by {@link #FORMAT}; bump it on any change.
 */
final class ContextReplayCodec {
    static final int FORMAT = 1;

    private ContextReplayCodec() {
    }

    static byte[] write(ContextReplay.Snapshot s) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + 48 * (s.ranges().size() + s.faults().size()));
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            out.writeUTF(s.ctx());
            nullableString(out, s.kernelRelease());
            strings(out, s.features());
            out.writeLong(s.highestSeq());
            out.writeLong(s.closeSeq());
            out.writeInt(s.ranges().size());
            for (RegisteredRange r : s.ranges()) {
                out.writeLong(r.start());
                out.writeLong(r.end());
                out.writeByte(r.mem().ordinal());
                out.writeLong(r.pageSize());
                strings(out, r.modes());
            }
            out.writeInt(s.faults().size());
            for (PendingFault f : s.faults()) {
                FaultEvent e = f.event();
                out.writeLong(e.seq());
                out.writeLong(e.monoNanos());
                out.writeLong(e.timeMicros());
                out.writeLong(e.addr());
                strings(out, e.flags());
                out.writeBoolean(e.tid() != null);
                if (e.tid() != null) {
                    out.writeLong(e.tid());
                }
                out.writeLong(f.page());
                out.writeLong(f.pageSize());
                out.writeUTF(f.mem());
                out.writeBoolean(f.stuckReported());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static ContextReplay.Snapshot read(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            int format = in.readUnsignedByte();
            if (format != FORMAT) {
                throw new IllegalArgumentException("replay state format " + format + ", expected " + FORMAT);
            }
            String ctx = in.readUTF();
            String release = in.readBoolean() ? in.readUTF() : null;
            Set<String> features = new HashSet<>(readStrings(in));
            long highest = in.readLong();
            long close = in.readLong();
            int nr = in.readInt();
            List<RegisteredRange> ranges = new ArrayList<>(nr);
            MemType[] mems = MemType.values();
            for (int i = 0; i < nr; i++) {
                ranges.add(new RegisteredRange(in.readLong(), in.readLong(), mems[in.readUnsignedByte()], in.readLong(),
                        new HashSet<>(readStrings(in))));
            }
            int nf = in.readInt();
            List<PendingFault> faults = new ArrayList<>(nf);
            for (int i = 0; i < nf; i++) {
                Envelope env = new Envelope(ctx, in.readLong(), in.readLong(), in.readLong());
                long addr = in.readLong();
                List<String> flags = readStrings(in);
                Long tid = in.readBoolean() ? in.readLong() : null;
                PendingFault f = new PendingFault(new FaultEvent(env, addr, flags, tid), in.readLong(), in.readLong(),
                        in.readUTF());
                if (in.readBoolean()) {
                    f.markStuckReported();
                }
                faults.add(f);
            }
            return new ContextReplay.Snapshot(ctx, release, features, highest, close, ranges, faults);
        } catch (IOException e) {
            throw new IllegalArgumentException("corrupt replay state: " + e.getMessage(), e);
        }
    }

    private static void nullableString(DataOutputStream out, String s) throws IOException {
        out.writeBoolean(s != null);
        if (s != null) {
            out.writeUTF(s);
        }
    }

    private static void strings(DataOutputStream out, java.util.Collection<String> values) throws IOException {
        out.writeShort(values.size());
        for (String v : values) {
            out.writeUTF(v);
        }
    }

    private static List<String> readStrings(DataInputStream in) throws IOException {
        int n = in.readUnsignedShort();
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(in.readUTF());
        }
        return out;
    }
}
