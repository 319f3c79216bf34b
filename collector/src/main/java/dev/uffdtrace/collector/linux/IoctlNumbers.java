package dev.uffdtrace.collector.linux;

/**
 * Request numbers of the ioctls the collector issues, computed the way {@code asm-generic/ioctl.h}
 * computes them ({@code _IO}, {@code _IOR}, {@code _IOWR}) from the argument layouts' sizes, so a
 * wrong layout size shows up as a wrong request number (pinned in a test).
 */
public final class IoctlNumbers {
    private static final long DIR_NONE = 0;
    private static final long DIR_WRITE = 1;
    private static final long DIR_READ = 2;

    /** {@code UFFDIO} (include/uapi/linux/userfaultfd.h). */
    public static final int UFFDIO_TYPE = 0xAA;
    /** {@code KVMIO} (include/uapi/linux/kvm.h). */
    public static final int KVMIO_TYPE = 0xAE;

    // _UFFDIO_* numbers: also the bit indices of the ioctl masks that API and REGISTER return
    public static final int NR_REGISTER = 0x00;
    public static final int NR_UNREGISTER = 0x01;
    public static final int NR_WAKE = 0x02;
    public static final int NR_COPY = 0x03;
    public static final int NR_ZEROPAGE = 0x04;
    public static final int NR_MOVE = 0x05;
    public static final int NR_WRITEPROTECT = 0x06;
    public static final int NR_CONTINUE = 0x07;
    public static final int NR_POISON = 0x08;
    public static final int NR_API = 0x3F;

    public static final long UFFDIO_API = iowr(UFFDIO_TYPE, NR_API, Layouts.UffdioApi.SIZE);
    public static final long UFFDIO_REGISTER = iowr(UFFDIO_TYPE, NR_REGISTER, Layouts.UffdioRegister.SIZE);
    /** Declared {@code _IOR} in the header although the kernel reads the struct (a historical slip). */
    public static final long UFFDIO_UNREGISTER = ior(UFFDIO_TYPE, NR_UNREGISTER, Layouts.UffdioRange.SIZE);
    /** {@code _IOR} for the same reason as UNREGISTER. */
    public static final long UFFDIO_WAKE = ior(UFFDIO_TYPE, NR_WAKE, Layouts.UffdioRange.SIZE);
    public static final long UFFDIO_COPY = iowr(UFFDIO_TYPE, NR_COPY, Layouts.UffdioCopy.SIZE);
    public static final long UFFDIO_ZEROPAGE = iowr(UFFDIO_TYPE, NR_ZEROPAGE, Layouts.UffdioZeropage.SIZE);
    public static final long UFFDIO_MOVE = iowr(UFFDIO_TYPE, NR_MOVE, Layouts.UffdioMove.SIZE);
    public static final long UFFDIO_WRITEPROTECT = iowr(UFFDIO_TYPE, NR_WRITEPROTECT, Layouts.UffdioWriteprotect.SIZE);
    public static final long UFFDIO_CONTINUE = iowr(UFFDIO_TYPE, NR_CONTINUE, Layouts.UffdioContinue.SIZE);
    public static final long UFFDIO_POISON = iowr(UFFDIO_TYPE, NR_POISON, Layouts.UffdioPoison.SIZE);
    /** {@code USERFAULTFD_IOC_NEW = _IO(0xAA, 0x00)}: on /dev/userfaultfd, returns a new uffd (6.1+). */
    public static final long USERFAULTFD_IOC_NEW = io(UFFDIO_TYPE, 0x00);

    /** {@code KVM_CREATE_VM = _IO(KVMIO, 0x01)}; the argument is the machine type. */
    public static final long KVM_CREATE_VM = io(KVMIO_TYPE, 0x01);
    /** {@code KVM_CHECK_EXTENSION = _IO(KVMIO, 0x03)}. */
    public static final long KVM_CHECK_EXTENSION = io(KVMIO_TYPE, 0x03);
    /** {@code KVM_CREATE_GUEST_MEMFD = _IOWR(KVMIO, 0xd4, struct kvm_create_guest_memfd)}. */
    public static final long KVM_CREATE_GUEST_MEMFD = iowr(KVMIO_TYPE, 0xD4, Layouts.KvmCreateGuestMemfd.SIZE);

    private IoctlNumbers() {
    }

    static long io(int type, int nr) {
        return encode(DIR_NONE, type, nr, 0);
    }

    static long ior(int type, int nr, int size) {
        return encode(DIR_READ, type, nr, size);
    }

    static long iowr(int type, int nr, int size) {
        return encode(DIR_READ | DIR_WRITE, type, nr, size);
    }

    /** asm-generic layout: dir in bits 30-31, size in 16-29, type in 8-15, nr in 0-7. */
    private static long encode(long dir, int type, int nr, int size) {
        if (size < 0 || size >= 1 << 14) {
            throw new IllegalArgumentException("size: must fit 14 bits, was " + size);
        }
        return (dir << 30) | ((long) size << 16) | ((long) type << 8) | nr;
    }
}
