package dev.uffdtrace.collector.linux;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;

/**
 * A KVM VM, just enough to create guest_memfd files: open /dev/kvm, KVM_CREATE_VM, then
 * KVM_CREATE_GUEST_MEMFD with GUEST_MEMFD_FLAG_MMAP (and INIT_SHARED) so the host can map it.
 * On 6.18 x86 a default VM (type 0) accepts mmap-able guest_memfd; older kernels needed
 * KVM_X86_SW_PROTECTED_VM, which is tried second.
 */
public final class Kvm implements AutoCloseable {
    private final Fd kvm;
    private final Fd vm;

    private Kvm(Fd kvm, Fd vm) {
        this.kvm = kvm;
        this.vm = vm;
    }

    public static Kvm open() throws NativeException {
        Fd kvm = new Fd(Sys.open("/dev/kvm", Uapi.O_RDWR));
        try {
            long r = Sys.ioctl(kvm.fd(), IoctlNumbers.KVM_CREATE_VM, Pointer.NULL);
            if (r < 0) {
                r = Sys.ioctl(kvm.fd(), IoctlNumbers.KVM_CREATE_VM, new Pointer(Uapi.KVM_X86_SW_PROTECTED_VM));
            }
            if (r < 0) {
                throw new NativeException("ioctl(KVM_CREATE_VM)", (int) -r);
            }
            return new Kvm(kvm, new Fd((int) r));
        } catch (NativeException e) {
            kvm.close();
            throw e;
        }
    }

    /** KVM_CREATE_GUEST_MEMFD of {@code size} bytes with GUEST_MEMFD_FLAG_* {@code flags}. */
    public Fd createGuestMemfd(long size, long flags) throws NativeException {
        try (Memory arg = new Memory(Layouts.KvmCreateGuestMemfd.SIZE)) {
            arg.clear();
            arg.setLong(Layouts.KvmCreateGuestMemfd.SIZE_FIELD, size);
            arg.setLong(Layouts.KvmCreateGuestMemfd.FLAGS, flags);
            return new Fd(Sys.ioctlChecked("ioctl(KVM_CREATE_GUEST_MEMFD)", vm.fd(), IoctlNumbers.KVM_CREATE_GUEST_MEMFD, arg));
        }
    }

    @Override
    public void close() throws NativeException {
        try {
            vm.close();
        } finally {
            kvm.close();
        }
    }
}
