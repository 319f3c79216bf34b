package dev.uffdtrace.pipeline.io;

import dev.uffdtrace.analyzer.stats.LatencyHistogram;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;

/** {@link LatencyHistogram} in Flink state and between operators, in its own compact byte form. */
public final class LatencyHistogramSerializer extends BytesSerializer<LatencyHistogram> {
    private static final long serialVersionUID = 1L;

    public static TypeInformation<LatencyHistogram> typeInfo() {
        return new SerializerTypeInfo<>(LatencyHistogram.class, new LatencyHistogramSerializer());
    }

    @Override
    byte[] toBytes(LatencyHistogram value) {
        return value.toBytes();
    }

    @Override
    LatencyHistogram fromBytes(byte[] bytes) {
        return LatencyHistogram.fromBytes(bytes);
    }

    @Override
    public LatencyHistogram copy(LatencyHistogram from) {
        return from == null ? null : from.copy();
    }

    @Override
    public LatencyHistogramSerializer duplicate() {
        return this;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LatencyHistogramSerializer;
    }

    @Override
    public int hashCode() {
        return LatencyHistogramSerializer.class.hashCode();
    }

    @Override
    public TypeSerializerSnapshot<LatencyHistogram> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Stateless: restoring needs nothing but the class. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<LatencyHistogram> {
        public Snapshot() {
            super(LatencyHistogramSerializer::new);
        }
    }
}
