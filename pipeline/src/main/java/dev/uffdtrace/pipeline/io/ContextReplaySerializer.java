package dev.uffdtrace.pipeline.io;

import dev.uffdtrace.analyzer.replay.ContextReplay;
import dev.uffdtrace.analyzer.replay.ReplaySettings;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.util.InstantiationUtil;

/**
 * A ctx's {@link ContextReplay} in keyed state, through the analyzer's own snapshot
 * ({@code toBytes} / {@code fromBytes}). The settings it replays with travel in the serializer's snapshot.
 */
public final class ContextReplaySerializer extends BytesSerializer<ContextReplay> {
    private static final long serialVersionUID = 1L;

    private final ReplaySettings settings;

    public ContextReplaySerializer(ReplaySettings settings) {
        if (settings == null) {
            throw new IllegalArgumentException("settings: required");
        }
        this.settings = settings;
    }

    @Override
    byte[] toBytes(ContextReplay value) {
        return value.toBytes();
    }

    @Override
    ContextReplay fromBytes(byte[] bytes) {
        return ContextReplay.fromBytes(bytes, settings);
    }

    @Override
    public ContextReplaySerializer duplicate() {
        return this;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ContextReplaySerializer s && s.settings.equals(settings);
    }

    @Override
    public int hashCode() {
        return settings.hashCode();
    }

    @Override
    public TypeSerializerSnapshot<ContextReplay> snapshotConfiguration() {
        return new Snapshot(settings);
    }

    /** Writes the settings (Java-serialized) so that a restore replays with the same ones. */
    public static final class Snapshot implements TypeSerializerSnapshot<ContextReplay> {
        private static final int VERSION = 1;
        private ReplaySettings settings;

        public Snapshot() {
        }

        Snapshot(ReplaySettings settings) {
            this.settings = settings;
        }

        @Override
        public int getCurrentVersion() {
            return VERSION;
        }

        @Override
        public void writeSnapshot(DataOutputView out) throws IOException {
            byte[] b = InstantiationUtil.serializeObject(settings);
            out.writeInt(b.length);
            out.write(b);
        }

        @Override
        public void readSnapshot(int version, DataInputView in, ClassLoader loader) throws IOException {
            byte[] b = new byte[in.readInt()];
            in.readFully(b);
            try {
                settings = InstantiationUtil.deserializeObject(b, loader);
            } catch (ClassNotFoundException e) {
                throw new IOException("cannot restore the replay settings of a ContextReplay state", e);
            }
        }

        @Override
        public TypeSerializer<ContextReplay> restoreSerializer() {
            return new ContextReplaySerializer(settings);
        }

        @Override
        public TypeSerializerSchemaCompatibility<ContextReplay> resolveSchemaCompatibility(
                TypeSerializerSnapshot<ContextReplay> old) {
            return old instanceof Snapshot ? TypeSerializerSchemaCompatibility.compatibleAsIs()
                    : TypeSerializerSchemaCompatibility.incompatible();
        }
    }
}
