package dev.uffdtrace.collector.linux;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Pins every request number against the values of the kernel headers (SEMANTICS table (b), kvm.h). */
class IoctlNumbersTest {
    @Test
    void uffdioRequestNumbersMatchTheKernelHeader() {
        assertThat(IoctlNumbers.UFFDIO_API).isEqualTo(0xC018AA3FL);
        assertThat(IoctlNumbers.UFFDIO_REGISTER).isEqualTo(0xC020AA00L);
        assertThat(IoctlNumbers.UFFDIO_UNREGISTER).isEqualTo(0x8010AA01L);
        assertThat(IoctlNumbers.UFFDIO_WAKE).isEqualTo(0x8010AA02L);
        assertThat(IoctlNumbers.UFFDIO_COPY).isEqualTo(0xC028AA03L);
        assertThat(IoctlNumbers.UFFDIO_ZEROPAGE).isEqualTo(0xC020AA04L);
        assertThat(IoctlNumbers.UFFDIO_MOVE).isEqualTo(0xC028AA05L);
        assertThat(IoctlNumbers.UFFDIO_WRITEPROTECT).isEqualTo(0xC018AA06L);
        assertThat(IoctlNumbers.UFFDIO_CONTINUE).isEqualTo(0xC020AA07L);
        assertThat(IoctlNumbers.UFFDIO_POISON).isEqualTo(0xC020AA08L);
        assertThat(IoctlNumbers.USERFAULTFD_IOC_NEW).isEqualTo(0xAA00L);
    }

    @Test
    void kvmRequestNumbersMatchTheKernelHeader() {
        assertThat(IoctlNumbers.KVM_CREATE_VM).isEqualTo(0xAE01L);
        assertThat(IoctlNumbers.KVM_CHECK_EXTENSION).isEqualTo(0xAE03L);
        assertThat(IoctlNumbers.KVM_CREATE_GUEST_MEMFD).isEqualTo(0xC040AED4L);
    }

    @Test
    void structSizesMatchTheKernelHeader() {
        assertThat(Layouts.UffdioApi.SIZE).isEqualTo(24);
        assertThat(Layouts.UffdioRange.SIZE).isEqualTo(16);
        assertThat(Layouts.UffdioRegister.SIZE).isEqualTo(32);
        assertThat(Layouts.UffdioCopy.SIZE).isEqualTo(40);
        assertThat(Layouts.UffdioZeropage.SIZE).isEqualTo(32);
        assertThat(Layouts.UffdioMove.SIZE).isEqualTo(40);
        assertThat(Layouts.UffdioWriteprotect.SIZE).isEqualTo(24);
        assertThat(Layouts.UffdioContinue.SIZE).isEqualTo(32);
        assertThat(Layouts.UffdioPoison.SIZE).isEqualTo(32);
        assertThat(Layouts.UffdMsg.SIZE).isEqualTo(32);
        assertThat(Layouts.PollFd.SIZE).isEqualTo(8);
        assertThat(Layouts.KvmCreateGuestMemfd.SIZE).isEqualTo(64);
    }

    @Test
    void writtenBackFieldsAreTheLastEightBytes() {
        assertThat(Layouts.UffdioCopy.COPY).isEqualTo(Layouts.UffdioCopy.SIZE - 8);
        assertThat(Layouts.UffdioZeropage.ZEROPAGE).isEqualTo(Layouts.UffdioZeropage.SIZE - 8);
        assertThat(Layouts.UffdioMove.MOVE).isEqualTo(Layouts.UffdioMove.SIZE - 8);
        assertThat(Layouts.UffdioContinue.MAPPED).isEqualTo(Layouts.UffdioContinue.SIZE - 8);
        assertThat(Layouts.UffdioPoison.UPDATED).isEqualTo(Layouts.UffdioPoison.SIZE - 8);
        assertThat(Layouts.UffdioRegister.IOCTLS).isEqualTo(Layouts.UffdioRegister.SIZE - 8);
    }
}
