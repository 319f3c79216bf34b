package dev.uffdtrace.collector.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.jna.Memory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The bindings against the live kernel: creation, API, register, a fill, the errno of a rejection. */
class UffdIT {
    private static final long PAGE = 4096;

    @BeforeAll
    static void requireUffd() {
        NativeAssumptions.assumeUserfaultfd();
    }

    @Test
    void apiAnswersTheSupportedFeaturesAndFdIoctls() throws Exception {
        try (Uffd uffd = Uffd.viaSyscall()) {
            ApiAnswer a = uffd.api(0);
            assertThat(a.ok()).isTrue();
            assertThat(BitNames.ioctls(a.ioctls())).contains("REGISTER", "UNREGISTER", "API");
            assertThat(BitNames.features(a.features())).contains("EVENT_FORK", "MISSING_SHMEM");
            // a second UFFDIO_API on the same fd is refused
            assertThat(uffd.api(0).result()).isEqualTo("EINVAL");
        }
    }

    @Test
    void deviceCreationWorksToo() throws Exception {
        try (Uffd uffd = Uffd.viaDevice()) {
            assertThat(uffd.api(0).ok()).isTrue();
        }
    }

    @Test
    void registerZeropageAndRejections() throws Exception {
        try (Uffd uffd = Uffd.viaSyscall(); Mapping m = Mapping.anonymous(4 * PAGE, Uapi.MAP_PRIVATE)) {
            assertThat(uffd.api(0).ok()).isTrue();
            RegisterAnswer minor = uffd.register(m.address(), m.length(), Uapi.REGISTER_MODE_MINOR);
            assertThat(minor.result()).isEqualTo("EINVAL");
            assertThat(minor.ioctls()).isZero();

            RegisterAnswer r = uffd.register(m.address(), m.length(), Uapi.REGISTER_MODE_MISSING);
            assertThat(r.ok()).isTrue();
            assertThat(BitNames.ioctls(r.ioctls())).contains("WAKE", "COPY", "ZEROPAGE").doesNotContain("CONTINUE");

            RangeAnswer z = uffd.zeropage(m.address(), PAGE, 0);
            assertThat(z.ok()).isTrue();
            assertThat(z.bytes()).isEqualTo(PAGE);
            RangeAnswer again = uffd.zeropage(m.address(), PAGE, 0);
            assertThat(again.result()).isEqualTo("EEXIST");
            assertThat(again.written()).isEqualTo(-Errno.EEXIST);
            assertThat(again.bytes()).isZero();

            try (Mapping s = Mapping.anonymous(PAGE, Uapi.MAP_PRIVATE)) {
                s.fill(0, PAGE, (byte) 7);
                RangeAnswer c = uffd.copy(m.address() + PAGE, s.address(), PAGE, 0);
                assertThat(c.ok()).isTrue();
                assertThat(m.readByte(PAGE + 100)).isEqualTo((byte) 7);
            }
            assertThat(uffd.continueRange(m.address() + 2 * PAGE, PAGE, 0).result()).isEqualTo("EINVAL");
            assertThat(uffd.writeprotect(m.address(), PAGE, Uapi.WRITEPROTECT_MODE_WP).result()).isEqualTo("ENOENT");
            assertThat(uffd.unregister(m.address(), m.length())).isZero();
        }
    }

    @Test
    void nonBlockingReadWithNothingQueuedReturnsZero() throws Exception {
        try (Uffd uffd = Uffd.viaSyscall(); Memory buf = new Memory(64 * 32)) {
            assertThat(uffd.api(0).ok()).isTrue();
            assertThat(uffd.read(buf, 64 * 32)).isZero();
        }
    }

    @Test
    void failedCreationNamesTheCall() {
        assertThatThrownBy(() -> Sys.open("/nonexistent/userfaultfd", Uapi.O_RDWR))
                .isInstanceOf(NativeException.class)
                .hasMessage("open(/nonexistent/userfaultfd): ENOENT");
    }
}
