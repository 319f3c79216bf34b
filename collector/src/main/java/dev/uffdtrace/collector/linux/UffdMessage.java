package dev.uffdtrace.collector.linux;

/** One decoded {@code struct uffd_msg}: one record per event code the kernel sends. */
public sealed interface UffdMessage {

    /** UFFD_EVENT_PAGEFAULT: {@code flags} are UFFD_PAGEFAULT_FLAG_*; {@code ptid} is 0 without THREAD_ID. */
    record PageFault(long flags, long address, int ptid) implements UffdMessage {
        public boolean write() {
            return (flags & Uapi.PAGEFAULT_FLAG_WRITE) != 0;
        }

        public boolean wp() {
            return (flags & Uapi.PAGEFAULT_FLAG_WP) != 0;
        }

        public boolean minor() {
            return (flags & Uapi.PAGEFAULT_FLAG_MINOR) != 0;
        }
    }

    /** UFFD_EVENT_FORK: {@code ufd} is a new uffd installed in this process, tracking the child's mm. */
    record Fork(int ufd) implements UffdMessage {
    }

    /** UFFD_EVENT_REMAP: mremap moved {@code [from, from+len)} to {@code to}. */
    record Remap(long from, long to, long len) implements UffdMessage {
    }

    /** UFFD_EVENT_REMOVE: madvise(DONTNEED/REMOVE) of {@code [start, end)}; registrations stay. */
    record Remove(long start, long end) implements UffdMessage {
    }

    /** UFFD_EVENT_UNMAP: {@code [start, end)} was unmapped (also after a moving mremap). */
    record Unmap(long start, long end) implements UffdMessage {
    }

    /** An event code this collector does not know (a newer kernel's). */
    record Unknown(int code) implements UffdMessage {
    }
}
