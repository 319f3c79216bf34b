package dev.uffdtrace.collector.firecracker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class UffdFdInfoTest {
    /** /proc/self/fdinfo of a uffd after UFFDIO_API(EVENT_REMOVE|THREAD_ID), captured on Linux 6.18.44. */
    private static final String AFTER_API = "pos:\t0\nflags:\t02004000\nmnt_id:\t17\nino:\t43079\npending:\t0\n"
            + "total:\t0\nAPI:\taa:80000108:80000000000001ff\n";

    @Test
    void negotiatedFeaturesWithoutTheInitializedBit() throws HandoffException {
        assertThat(UffdFdInfo.features(AFTER_API)).isEqualTo(0x108L);
    }

    @Test
    void beforeApiNoFeatures() throws HandoffException {
        assertThat(UffdFdInfo.features(AFTER_API.replace("80000108", "0"))).isZero();
    }

    @Test
    void fdinfoOfAnotherKindOfFileIsRefused() {
        assertThatThrownBy(() -> UffdFdInfo.features("pos:\t0\nflags:\t02\nmnt_id:\t25\nino:\t12\n"))
                .isInstanceOf(HandoffException.class).hasMessage("uffd fdinfo has no API line");
        assertThatThrownBy(() -> UffdFdInfo.features("API:\taa:zz:1\n"))
                .isInstanceOf(HandoffException.class).hasMessageStartingWith("unexpected uffd fdinfo line");
    }
}
