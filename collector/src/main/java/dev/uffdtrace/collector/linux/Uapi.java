package dev.uffdtrace.collector.linux;

/**
 * Constants of include/uapi/linux/userfaultfd.h (and the few of the mmap/fcntl/memfd headers the
 * collector uses), x86_64 values, grouped as in the headers.
 */
public final class Uapi {
    private Uapi() {
    }

    /** {@code UFFD_API}: the only API version; UFFDIO_API with anything else fails EINVAL. */
    public static final long UFFD_API = 0xAA;

    /** {@code CLOCK_PROCESS_CPUTIME_ID} (time.h): CPU time of every thread of the process, exact. */
    public static final int CLOCK_PROCESS_CPUTIME_ID = 2;

    // userfaultfd(2) / USERFAULTFD_IOC_NEW flags
    /** {@code O_CLOEXEC} (fcntl.h, 02000000). */
    public static final int O_CLOEXEC = 0x80000;
    /** {@code O_NONBLOCK} (fcntl.h, 04000): read returns EAGAIN when no message is queued. */
    public static final int O_NONBLOCK = 0x800;
    /** {@code O_RDWR}. */
    public static final int O_RDWR = 0x2;
    /** {@code O_RDONLY}. */
    public static final int O_RDONLY = 0x0;
    /** {@code O_CREAT} (0100). */
    public static final int O_CREAT = 0x40;
    /** {@code UFFD_USER_MODE_ONLY}: only user-mode faults (what non-root users may ask for). */
    public static final int UFFD_USER_MODE_ONLY = 0x1;
    /** {@code __NR_userfaultfd} on x86_64. */
    public static final long SYS_USERFAULTFD_X86_64 = 323;
    /** {@code __NR_userfaultfd} on aarch64 (asm-generic). */
    public static final long SYS_USERFAULTFD_AARCH64 = 282;

    // UFFDIO_REGISTER modes
    public static final long REGISTER_MODE_MISSING = 1L << 0;
    public static final long REGISTER_MODE_WP = 1L << 1;
    public static final long REGISTER_MODE_MINOR = 1L << 2;

    // range ioctl mode flags
    public static final long COPY_MODE_DONTWAKE = 1L << 0;
    public static final long COPY_MODE_WP = 1L << 1;
    public static final long ZEROPAGE_MODE_DONTWAKE = 1L << 0;
    public static final long WRITEPROTECT_MODE_WP = 1L << 0;
    public static final long WRITEPROTECT_MODE_DONTWAKE = 1L << 1;
    public static final long CONTINUE_MODE_DONTWAKE = 1L << 0;
    public static final long CONTINUE_MODE_WP = 1L << 1;
    public static final long POISON_MODE_DONTWAKE = 1L << 0;
    public static final long MOVE_MODE_DONTWAKE = 1L << 0;
    public static final long MOVE_MODE_ALLOW_SRC_HOLES = 1L << 1;

    // uffd_msg.event codes (start at 0x12 so a zeroed buffer is never a valid message)
    public static final int EVENT_PAGEFAULT = 0x12;
    public static final int EVENT_FORK = 0x13;
    public static final int EVENT_REMAP = 0x14;
    public static final int EVENT_REMOVE = 0x15;
    public static final int EVENT_UNMAP = 0x16;

    // uffd_msg.arg.pagefault.flags
    public static final long PAGEFAULT_FLAG_WRITE = 1L << 0;
    public static final long PAGEFAULT_FLAG_WP = 1L << 1;
    public static final long PAGEFAULT_FLAG_MINOR = 1L << 2;

    // UFFD_FEATURE_* bits used by name in the collector (the full list is FeatureBits)
    public static final long FEATURE_PAGEFAULT_FLAG_WP = 1L << 0;
    public static final long FEATURE_EVENT_FORK = 1L << 1;
    public static final long FEATURE_EVENT_REMAP = 1L << 2;
    public static final long FEATURE_EVENT_REMOVE = 1L << 3;
    public static final long FEATURE_EVENT_UNMAP = 1L << 6;
    public static final long FEATURE_SIGBUS = 1L << 7;
    public static final long FEATURE_THREAD_ID = 1L << 8;
    public static final long FEATURE_WP_ASYNC = 1L << 15;

    // mmap (asm-generic/mman-common.h, x86_64)
    public static final int PROT_NONE = 0x0;
    public static final int PROT_READ = 0x1;
    public static final int PROT_WRITE = 0x2;
    public static final int MAP_SHARED = 0x01;
    public static final int MAP_PRIVATE = 0x02;
    /** {@code MAP_DROPPABLE} (6.11): private anonymous memory the kernel may drop under pressure. */
    public static final int MAP_DROPPABLE = 0x08;
    public static final int MAP_FIXED = 0x10;
    public static final int MAP_ANONYMOUS = 0x20;
    public static final int MAP_NORESERVE = 0x4000;
    public static final int MAP_HUGETLB = 0x40000;
    /** {@code MAP_HUGE_SHIFT}: log2 of the huge page size goes in bits 26..31 of the flags. */
    public static final int MAP_HUGE_SHIFT = 26;
    public static final int MREMAP_MAYMOVE = 1;
    public static final int MREMAP_FIXED = 2;
    public static final int MADV_DONTNEED = 4;
    public static final int MADV_REMOVE = 9;

    // memfd_create(2)
    public static final int MFD_CLOEXEC = 0x1;
    public static final int MFD_HUGETLB = 0x4;

    // poll(2)
    public static final short POLLIN = 0x1;
    public static final short POLLERR = 0x8;
    public static final short POLLHUP = 0x10;

    // statfs f_type magic numbers (include/uapi/linux/magic.h) of filesystems that are not "a disk"
    public static final long TMPFS_MAGIC = 0x01021994L;
    public static final long RAMFS_MAGIC = 0x858458f6L;
    public static final long HUGETLBFS_MAGIC = 0x958458f6L;

    // KVM guest_memfd flags (include/uapi/linux/kvm.h, 6.18)
    /** {@code GUEST_MEMFD_FLAG_MMAP}: the guest_memfd may be mmap()ed by the host. */
    public static final long GUEST_MEMFD_FLAG_MMAP = 1L << 0;
    /** {@code GUEST_MEMFD_FLAG_INIT_SHARED}: memory starts shared (host-accessible). */
    public static final long GUEST_MEMFD_FLAG_INIT_SHARED = 1L << 1;
    /** {@code KVM_X86_SW_PROTECTED_VM}: the VM type for guest_memfd on kernels that need one. */
    public static final long KVM_X86_SW_PROTECTED_VM = 1;
}
