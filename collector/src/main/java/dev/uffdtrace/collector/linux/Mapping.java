package dev.uffdtrace.collector.linux;

import com.sun.jna.Pointer;

/** One mmap(2)ed range, unmapped on close. Byte access goes through JNA (a fault there blocks in native code). */
public final class Mapping implements java.io.Closeable {
    private final long address;
    private final long length;
    private final Pointer pointer;
    private boolean closed;

    private Mapping(long address, long length) {
        this.address = address;
        this.length = length;
        this.pointer = new Pointer(address);
    }

    /** Anonymous memory: {@code flags} adds to MAP_ANONYMOUS (MAP_PRIVATE, MAP_SHARED, MAP_HUGETLB, MAP_DROPPABLE...). */
    public static Mapping anonymous(long length, int flags) throws NativeException {
        return map(length, Uapi.PROT_READ | Uapi.PROT_WRITE, flags | Uapi.MAP_ANONYMOUS, -1, 0);
    }

    /** A read-write mapping of {@code fd} from offset 0. */
    public static Mapping file(Fd fd, long length, int flags) throws NativeException {
        return map(length, Uapi.PROT_READ | Uapi.PROT_WRITE, flags, fd.fd(), 0);
    }

    public static Mapping map(long length, int prot, int flags, int fd, long offset) throws NativeException {
        if (length <= 0) {
            throw new IllegalArgumentException("length: must be > 0, was " + length);
        }
        return new Mapping(Sys.mmap(0, length, prot, flags, fd, offset), length);
    }

    /** Wraps a range this object now owns (e.g. after mremap moved it). */
    public static Mapping adopt(long address, long length) {
        return new Mapping(address, length);
    }

    public long address() {
        return address;
    }

    public long length() {
        return length;
    }

    public long end() {
        return address + length;
    }

    public byte readByte(long offset) {
        check(offset);
        return pointer.getByte(offset);
    }

    public void writeByte(long offset, byte value) {
        check(offset);
        pointer.setByte(offset, value);
    }

    /** Fills {@code [offset, offset+count)} with {@code value}. */
    public void fill(long offset, long count, byte value) {
        check(offset);
        check(offset + count - 1);
        pointer.setMemory(offset, count, value);
    }

    /** Marks the range as no longer owned here (it was moved or unmapped by someone else). */
    public void release() {
        closed = true;
    }

    private void check(long offset) {
        if (offset < 0 || offset >= length) {
            throw new IndexOutOfBoundsException("offset " + offset + " outside mapping of " + length + " bytes");
        }
    }

    @Override
    public void close() throws NativeException {
        if (!closed) {
            closed = true;
            Sys.munmap(address, length);
        }
    }
}
