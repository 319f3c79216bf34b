package dev.uffdtrace.collector.loop;

import dev.uffdtrace.collector.linux.Uapi;
import java.util.ArrayList;
import java.util.List;

/** The range ioctls, each with how its mode bits read as the trace's {@code mode} names. */
enum Op {
    COPY(Uapi.COPY_MODE_DONTWAKE, Uapi.COPY_MODE_WP),
    ZEROPAGE(Uapi.ZEROPAGE_MODE_DONTWAKE, 0),
    CONTINUE(Uapi.CONTINUE_MODE_DONTWAKE, Uapi.CONTINUE_MODE_WP),
    POISON(Uapi.POISON_MODE_DONTWAKE, 0),
    MOVE(Uapi.MOVE_MODE_DONTWAKE, 0),
    /** Here the WP bit (1) means "protect" and DONTWAKE is bit 1: the header's order is the other way round. */
    WRITEPROTECT(Uapi.WRITEPROTECT_MODE_DONTWAKE, Uapi.WRITEPROTECT_MODE_WP),
    WAKE(0, 0);

    private final long dontWakeBit;
    private final long wpBit;

    Op(long dontWakeBit, long wpBit) {
        this.dontWakeBit = dontWakeBit;
        this.wpBit = wpBit;
    }

    /** DONTWAKE and WP as set in {@code mode}; other bits (MOVE's ALLOW_SRC_HOLES) by their own name. */
    List<String> modeNames(long mode) {
        if (mode == 0) {
            return List.of();
        }
        List<String> names = new ArrayList<>(2);
        if (dontWakeBit != 0 && (mode & dontWakeBit) != 0) {
            names.add("DONTWAKE");
        }
        if (wpBit != 0 && (mode & wpBit) != 0) {
            names.add("WP");
        }
        if (this == MOVE && (mode & Uapi.MOVE_MODE_ALLOW_SRC_HOLES) != 0) {
            names.add("ALLOW_SRC_HOLES");
        }
        return names;
    }
}
