package dev.uffdtrace.collector.linux;

/**
 * Byte layouts of the C structs the collector passes to the kernel (x86_64, little-endian,
 * no implicit padding: every field is a u64/s64 except where noted). Mirrors
 * include/uapi/linux/userfaultfd.h and include/uapi/linux/kvm.h. The written-back fields of the
 * fill ioctls are the last 8 bytes so the kernel's copy_from_user never reads them.
 */
public final class Layouts {
    private Layouts() {
    }

    /** {@code struct uffdio_api { __u64 api; __u64 features; __u64 ioctls; }} */
    public static final class UffdioApi {
        public static final int API = 0;
        public static final int FEATURES = 8;
        public static final int IOCTLS = 16;
        public static final int SIZE = 24;

        private UffdioApi() {
        }
    }

    /** {@code struct uffdio_range { __u64 start; __u64 len; }} */
    public static final class UffdioRange {
        public static final int START = 0;
        public static final int LEN = 8;
        public static final int SIZE = 16;

        private UffdioRange() {
        }
    }

    /** {@code struct uffdio_register { struct uffdio_range range; __u64 mode; __u64 ioctls; }} */
    public static final class UffdioRegister {
        public static final int START = 0;
        public static final int LEN = 8;
        public static final int MODE = 16;
        public static final int IOCTLS = 24;
        public static final int SIZE = 32;

        private UffdioRegister() {
        }
    }

    /** {@code struct uffdio_copy { __u64 dst, src, len, mode; __s64 copy; }} */
    public static final class UffdioCopy {
        public static final int DST = 0;
        public static final int SRC = 8;
        public static final int LEN = 16;
        public static final int MODE = 24;
        public static final int COPY = 32;
        public static final int SIZE = 40;

        private UffdioCopy() {
        }
    }

    /** {@code struct uffdio_zeropage { struct uffdio_range range; __u64 mode; __s64 zeropage; }} */
    public static final class UffdioZeropage {
        public static final int START = 0;
        public static final int LEN = 8;
        public static final int MODE = 16;
        public static final int ZEROPAGE = 24;
        public static final int SIZE = 32;

        private UffdioZeropage() {
        }
    }

    /** {@code struct uffdio_move { __u64 dst, src, len, mode; __s64 move; }} */
    public static final class UffdioMove {
        public static final int DST = 0;
        public static final int SRC = 8;
        public static final int LEN = 16;
        public static final int MODE = 24;
        public static final int MOVE = 32;
        public static final int SIZE = 40;

        private UffdioMove() {
        }
    }

    /** {@code struct uffdio_writeprotect { struct uffdio_range range; __u64 mode; }} */
    public static final class UffdioWriteprotect {
        public static final int START = 0;
        public static final int LEN = 8;
        public static final int MODE = 16;
        public static final int SIZE = 24;

        private UffdioWriteprotect() {
        }
    }

    /** {@code struct uffdio_continue { struct uffdio_range range; __u64 mode; __s64 mapped; }} */
    public static final class UffdioContinue {
        public static final int START = 0;
        public static final int LEN = 8;
        public static final int MODE = 16;
        public static final int MAPPED = 24;
        public static final int SIZE = 32;

        private UffdioContinue() {
        }
    }

    /** {@code struct uffdio_poison { struct uffdio_range range; __u64 mode; __s64 updated; }} */
    public static final class UffdioPoison {
        public static final int START = 0;
        public static final int LEN = 8;
        public static final int MODE = 16;
        public static final int UPDATED = 24;
        public static final int SIZE = 32;

        private UffdioPoison() {
        }
    }

    /**
     * {@code struct uffd_msg}: {@code __u8 event; __u8 reserved1; __u16 reserved2; __u32 reserved3;}
     * then a 24-byte union at offset 8. Packed, always 32 bytes.
     */
    public static final class UffdMsg {
        public static final int EVENT = 0;
        public static final int ARG = 8;
        public static final int PAGEFAULT_FLAGS = 8;
        public static final int PAGEFAULT_ADDRESS = 16;
        public static final int PAGEFAULT_PTID = 24;
        public static final int FORK_UFD = 8;
        public static final int REMAP_FROM = 8;
        public static final int REMAP_TO = 16;
        public static final int REMAP_LEN = 24;
        public static final int REMOVE_START = 8;
        public static final int REMOVE_END = 16;
        public static final int SIZE = 32;

        private UffdMsg() {
        }
    }

    /** {@code struct pollfd { int fd; short events; short revents; }} */
    public static final class PollFd {
        public static final int FD = 0;
        public static final int EVENTS = 4;
        public static final int REVENTS = 6;
        public static final int SIZE = 8;

        private PollFd() {
        }
    }

    /** {@code struct kvm_create_guest_memfd { __u64 size; __u64 flags; __u64 reserved[6]; }} */
    public static final class KvmCreateGuestMemfd {
        public static final int SIZE_FIELD = 0;
        public static final int FLAGS = 8;
        public static final int RESERVED = 16;
        public static final int SIZE = 64;

        private KvmCreateGuestMemfd() {
        }
    }
}
