package dev.uffdtrace.analyzer.trace;

/**
 * The memory types of the trace format. A {@code -private} type is the MAP_PRIVATE mapping
 * of its backing type; a name this version does not know is read as {@link #OTHER}.
 */
public enum MemType {
    ANON("anon", null),
    SHMEM("shmem", null),
    SHMEM_PRIVATE("shmem-private", SHMEM),
    HUGETLB("hugetlb", null),
    HUGETLB_PRIVATE("hugetlb-private", HUGETLB),
    FILE("file", null),
    GUEST_MEMFD("guest_memfd", null),
    DROPPABLE("droppable", null),
    OTHER("other", null);

    private final String wireName;
    private final MemType shared;

    MemType(String wireName, MemType shared) {
        this.wireName = wireName;
        this.shared = shared;
    }

    public String wireName() {
        return wireName;
    }

    /** The backing type whose declaration applies (shmem for shmem-private). */
    public MemType backing() {
        return shared == null ? this : shared;
    }

    /** True for the MAP_PRIVATE variants, on which CONTINUE needs a shared mapping. */
    public boolean isPrivateMapping() {
        return shared != null;
    }

    /** The type named {@code name}, or {@link #OTHER} for a name this version does not know. */
    public static MemType fromWire(String name) {
        for (MemType m : values()) {
            if (m.wireName.equals(name)) {
                return m;
            }
        }
        return OTHER;
    }

    /** The type named exactly {@code name}, or null. */
    public static MemType exact(String name) {
        for (MemType m : values()) {
            if (m.wireName.equals(name)) {
                return m;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return wireName;
    }
}
