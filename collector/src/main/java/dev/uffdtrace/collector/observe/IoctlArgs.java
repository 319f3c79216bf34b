package dev.uffdtrace.collector.observe;

import dev.uffdtrace.collector.linux.IoctlNumbers;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A range ioctl's argument struct as the kernel left it at return, decoded per op
 * (include/uapi/linux/userfaultfd.h; offsets in SEMANTICS (b)). {@code written} is the count
 * written back (bytes done or -errno), null for the ops that write nothing back.
 */
record IoctlArgs(String op, long start, long len, long modeBits, Long src, Long written) {

    /** The op's struct at offset 0 of {@code arg} (40 bytes); null for an ioctl that is not a range op. */
    static IoctlArgs decode(int nr, ByteBuffer arg) {
        switch (nr) {
            case IoctlNumbers.NR_COPY:
                return new IoctlArgs("COPY", arg.getLong(0), arg.getLong(16), arg.getLong(24), arg.getLong(8),
                        arg.getLong(32));
            case IoctlNumbers.NR_MOVE:
                return new IoctlArgs("MOVE", arg.getLong(0), arg.getLong(16), arg.getLong(24), arg.getLong(8),
                        arg.getLong(32));
            case IoctlNumbers.NR_ZEROPAGE:
                return new IoctlArgs("ZEROPAGE", arg.getLong(0), arg.getLong(8), arg.getLong(16), null, arg.getLong(24));
            case IoctlNumbers.NR_CONTINUE:
                return new IoctlArgs("CONTINUE", arg.getLong(0), arg.getLong(8), arg.getLong(16), null, arg.getLong(24));
            case IoctlNumbers.NR_POISON:
                return new IoctlArgs("POISON", arg.getLong(0), arg.getLong(8), arg.getLong(16), null, arg.getLong(24));
            case IoctlNumbers.NR_WRITEPROTECT:
                return new IoctlArgs("WRITEPROTECT", arg.getLong(0), arg.getLong(8), arg.getLong(16), null, null);
            case IoctlNumbers.NR_WAKE:
                return new IoctlArgs("WAKE", arg.getLong(0), arg.getLong(8), 0, null, null);
            default:
                return null;
        }
    }

    /** The trace's {@code bytes}: the written-back count, 0 when it held an error, null when none. */
    Long bytes() {
        if (written == null) {
            return null;
        }
        return written < 0 ? 0L : written;
    }

    /**
     * The trace's {@code mode} names. DONTWAKE is bit 0 for every fill op; WP is bit 1 for COPY and
     * CONTINUE; WRITEPROTECT has them the other way round (WP = bit 0 means protect, DONTWAKE = bit 1);
     * MOVE's bit 1 is ALLOW_SRC_HOLES.
     */
    List<String> modeNames() {
        List<String> names = new ArrayList<>(2);
        long dontWake = op.equals("WRITEPROTECT") ? 2 : op.equals("WAKE") ? 0 : 1;
        long wp = switch (op) {
            case "WRITEPROTECT" -> 1;
            case "COPY", "CONTINUE" -> 2;
            default -> 0;
        };
        if (dontWake != 0 && (modeBits & dontWake) != 0) {
            names.add("DONTWAKE");
        }
        if (wp != 0 && (modeBits & wp) != 0) {
            names.add("WP");
        }
        if (op.equals("MOVE") && (modeBits & 2) != 0) {
            names.add("ALLOW_SRC_HOLES");
        }
        return names;
    }
}
