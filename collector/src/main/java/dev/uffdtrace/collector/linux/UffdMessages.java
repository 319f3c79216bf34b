package dev.uffdtrace.collector.linux;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Decodes the 32-byte {@code uffd_msg} records a read returns; pure Java over a ByteBuffer. */
public final class UffdMessages {
    private UffdMessages() {
    }

    /** The message at {@code offset} of {@code buf} (read as little-endian, the x86_64/aarch64 order). */
    public static UffdMessage decode(ByteBuffer buf, int offset) {
        if (offset < 0 || offset + Layouts.UffdMsg.SIZE > buf.limit()) {
            throw new IllegalArgumentException("offset: a 32-byte uffd_msg at " + offset + " does not fit in "
                    + buf.limit() + " bytes");
        }
        ByteBuffer b = buf.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        int code = b.get(offset + Layouts.UffdMsg.EVENT) & 0xff;
        switch (code) {
            case Uapi.EVENT_PAGEFAULT:
                return new UffdMessage.PageFault(b.getLong(offset + Layouts.UffdMsg.PAGEFAULT_FLAGS),
                        b.getLong(offset + Layouts.UffdMsg.PAGEFAULT_ADDRESS),
                        b.getInt(offset + Layouts.UffdMsg.PAGEFAULT_PTID));
            case Uapi.EVENT_FORK:
                return new UffdMessage.Fork(b.getInt(offset + Layouts.UffdMsg.FORK_UFD));
            case Uapi.EVENT_REMAP:
                return new UffdMessage.Remap(b.getLong(offset + Layouts.UffdMsg.REMAP_FROM),
                        b.getLong(offset + Layouts.UffdMsg.REMAP_TO), b.getLong(offset + Layouts.UffdMsg.REMAP_LEN));
            case Uapi.EVENT_REMOVE:
                return new UffdMessage.Remove(b.getLong(offset + Layouts.UffdMsg.REMOVE_START),
                        b.getLong(offset + Layouts.UffdMsg.REMOVE_END));
            case Uapi.EVENT_UNMAP:
                return new UffdMessage.Unmap(b.getLong(offset + Layouts.UffdMsg.REMOVE_START),
                        b.getLong(offset + Layouts.UffdMsg.REMOVE_END));
            default:
                return new UffdMessage.Unknown(code);
        }
    }

    /** How many whole messages {@code bytes} read bytes hold. */
    public static int count(int bytes) {
        return bytes / Layouts.UffdMsg.SIZE;
    }
}
