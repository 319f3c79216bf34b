package dev.uffdtrace.analyzer.trace;

import java.util.List;
import java.util.Set;

/** The userfaultfd names the format lists; others (a newer kernel's) are valid but unknown. */
public final class Names {
    /** UFFD_FEATURE_* without prefix, in bit order (bit 0 first). */
    public static final List<String> FEATURES = List.of(
            "PAGEFAULT_FLAG_WP", "EVENT_FORK", "EVENT_REMAP", "EVENT_REMOVE", "MISSING_HUGETLBFS",
            "MISSING_SHMEM", "EVENT_UNMAP", "SIGBUS", "THREAD_ID", "MINOR_HUGETLBFS", "MINOR_SHMEM",
            "EXACT_ADDRESS", "WP_HUGETLBFS_SHMEM", "WP_UNPOPULATED", "POISON", "WP_ASYNC", "MOVE");

    public static final String MODE_MISSING = "MISSING";
    public static final String MODE_WP = "WP";
    public static final String MODE_MINOR = "MINOR";
    public static final Set<String> MODES = Set.of(MODE_MISSING, MODE_WP, MODE_MINOR);

    public static final String COPY = "COPY";
    public static final String ZEROPAGE = "ZEROPAGE";
    public static final String MOVE = "MOVE";
    public static final String WRITEPROTECT = "WRITEPROTECT";
    public static final String CONTINUE = "CONTINUE";
    public static final String POISON = "POISON";
    public static final String WAKE = "WAKE";
    public static final String REGISTER = "REGISTER";
    public static final String UNREGISTER = "UNREGISTER";
    public static final String API = "API";

    /** _UFFDIO_* in bit order: REGISTER is bit 0, API is bit 63. */
    public static final List<String> RANGE_IOCTLS = List.of(WAKE, COPY, ZEROPAGE, MOVE, WRITEPROTECT, CONTINUE, POISON);
    public static final Set<String> IOCTLS = Set.of(REGISTER, UNREGISTER, WAKE, COPY, ZEROPAGE, MOVE, WRITEPROTECT,
            CONTINUE, POISON, API);
    /** Ioctls every type has without declaring them. */
    public static final Set<String> IMPLICIT_IOCTLS = Set.of(WAKE, REGISTER, UNREGISTER, API);

    public static final String FEATURE_WP_ASYNC = "WP_ASYNC";

    private Names() {
    }
}
