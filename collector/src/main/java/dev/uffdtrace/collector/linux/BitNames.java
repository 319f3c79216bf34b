package dev.uffdtrace.collector.linux;

import java.util.ArrayList;
import java.util.List;

/**
 * Decodes the kernel's bit masks into the trace format's names: UFFD_FEATURE_* (bit order is
 * the format's order), ioctl masks (bit index = _UFFDIO_* number), register modes, pagefault
 * flags. Bits without a name become {@code BIT_n} so a newer kernel's answer is never lost.
 */
public final class BitNames {
    /** UFFD_FEATURE_* names by bit, bit 0 first (include/uapi/linux/userfaultfd.h, 6.18). */
    public static final List<String> FEATURES = List.of(
            "PAGEFAULT_FLAG_WP", "EVENT_FORK", "EVENT_REMAP", "EVENT_REMOVE", "MISSING_HUGETLBFS",
            "MISSING_SHMEM", "EVENT_UNMAP", "SIGBUS", "THREAD_ID", "MINOR_HUGETLBFS", "MINOR_SHMEM",
            "EXACT_ADDRESS", "WP_HUGETLBFS_SHMEM", "WP_UNPOPULATED", "POISON", "WP_ASYNC", "MOVE");

    private static final String[] IOCTLS = new String[64];

    static {
        IOCTLS[IoctlNumbers.NR_REGISTER] = "REGISTER";
        IOCTLS[IoctlNumbers.NR_UNREGISTER] = "UNREGISTER";
        IOCTLS[IoctlNumbers.NR_WAKE] = "WAKE";
        IOCTLS[IoctlNumbers.NR_COPY] = "COPY";
        IOCTLS[IoctlNumbers.NR_ZEROPAGE] = "ZEROPAGE";
        IOCTLS[IoctlNumbers.NR_MOVE] = "MOVE";
        IOCTLS[IoctlNumbers.NR_WRITEPROTECT] = "WRITEPROTECT";
        IOCTLS[IoctlNumbers.NR_CONTINUE] = "CONTINUE";
        IOCTLS[IoctlNumbers.NR_POISON] = "POISON";
        IOCTLS[IoctlNumbers.NR_API] = "API";
    }

    private BitNames() {
    }

    public static List<String> features(long mask) {
        List<String> names = new ArrayList<>();
        for (int bit = 0; bit < 64; bit++) {
            if ((mask & (1L << bit)) != 0) {
                names.add(bit < FEATURES.size() ? FEATURES.get(bit) : "BIT_" + bit);
            }
        }
        return names;
    }

    /** The mask of the named features; an unknown name is an error (callers build requests from FEATURES). */
    public static long featureMask(List<String> names) {
        long mask = 0;
        for (String n : names) {
            int bit = FEATURES.indexOf(n);
            if (bit < 0) {
                throw new IllegalArgumentException("feature: unknown name " + n);
            }
            mask |= 1L << bit;
        }
        return mask;
    }

    /** The names of an API/REGISTER ioctl mask, in bit order (REGISTER first, API last). */
    public static List<String> ioctls(long mask) {
        List<String> names = new ArrayList<>();
        for (int bit = 0; bit < 64; bit++) {
            if ((mask & (1L << bit)) != 0) {
                names.add(IOCTLS[bit] != null ? IOCTLS[bit] : "BIT_" + bit);
            }
        }
        return names;
    }

    /** REGISTER_MODE_* bits as names in the order MISSING, WP, MINOR. */
    public static List<String> modes(long bits) {
        List<String> names = new ArrayList<>(3);
        if ((bits & Uapi.REGISTER_MODE_MISSING) != 0) {
            names.add("MISSING");
        }
        if ((bits & Uapi.REGISTER_MODE_WP) != 0) {
            names.add("WP");
        }
        if ((bits & Uapi.REGISTER_MODE_MINOR) != 0) {
            names.add("MINOR");
        }
        return names;
    }

    /** Pagefault flags as the trace's names: WRITE, WP, MINOR (immutable; shared per combination). */
    public static List<String> faultFlags(long flags) {
        return FAULT_FLAGS.get((int) (flags & 7));
    }

    private static final List<List<String>> FAULT_FLAGS = faultFlagTable();

    private static List<List<String>> faultFlagTable() {
        List<List<String>> table = new ArrayList<>(8);
        for (int bits = 0; bits < 8; bits++) {
            List<String> names = new ArrayList<>(3);
            if ((bits & Uapi.PAGEFAULT_FLAG_WRITE) != 0) {
                names.add("WRITE");
            }
            if ((bits & Uapi.PAGEFAULT_FLAG_WP) != 0) {
                names.add("WP");
            }
            if ((bits & Uapi.PAGEFAULT_FLAG_MINOR) != 0) {
                names.add("MINOR");
            }
            table.add(List.copyOf(names));
        }
        return List.copyOf(table);
    }
}
