package dev.uffdtrace.pipeline.io;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * One reader's share of the trace files: all their lines, of which it keeps those it {@code owner}s
 * ({@link CtxOwnership}); {@code file} and {@code linesDone} say how far it got (a restored reader
 * skips that far).
 */
public record OwnedLinesSplit(int owner, int file, long linesDone) implements SourceSplit {
    static final SimpleVersionedSerializer<OwnedLinesSplit> SERIALIZER = new SimpleVersionedSerializer<>() {
        @Override
        public int getVersion() {
            return 1;
        }

        @Override
        public byte[] serialize(OwnedLinesSplit s) throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(16);
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                out.writeInt(s.owner);
                out.writeInt(s.file);
                out.writeLong(s.linesDone);
            }
            return bytes.toByteArray();
        }

        @Override
        public OwnedLinesSplit deserialize(int version, byte[] serialized) throws IOException {
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
                return new OwnedLinesSplit(in.readInt(), in.readInt(), in.readLong());
            }
        }
    };

    @Override
    public String splitId() {
        return "owner-" + owner;
    }
}
