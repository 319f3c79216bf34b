package dev.uffdtrace.pipeline.io;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * A Flink serializer for an object that has its own byte form: a length, then the bytes.
 * Subclasses say how to turn the object into bytes and back; copies go through the bytes.
 */
abstract class BytesSerializer<T> extends TypeSerializer<T> {
    private static final long serialVersionUID = 1L;

    abstract byte[] toBytes(T value);

    abstract T fromBytes(byte[] bytes);

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public T createInstance() {
        return null;
    }

    @Override
    public T copy(T from) {
        return from == null ? null : fromBytes(toBytes(from));
    }

    @Override
    public T copy(T from, T reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(T value, DataOutputView out) throws IOException {
        byte[] b = toBytes(value);
        out.writeInt(b.length);
        out.write(b);
    }

    @Override
    public T deserialize(DataInputView in) throws IOException {
        byte[] b = new byte[in.readInt()];
        in.readFully(b);
        return fromBytes(b);
    }

    @Override
    public T deserialize(T reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
        int n = in.readInt();
        out.writeInt(n);
        out.write(in, n);
    }
}
