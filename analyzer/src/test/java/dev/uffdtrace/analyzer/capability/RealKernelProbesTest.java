package dev.uffdtrace.analyzer.capability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.uffdtrace.analyzer.replay.ProfileChoice;
import dev.uffdtrace.analyzer.replay.ReplayResult;
import dev.uffdtrace.analyzer.replay.ReplaySettings;
import dev.uffdtrace.analyzer.replay.TraceReplay;
import dev.uffdtrace.analyzer.rules.Finding;
import dev.uffdtrace.analyzer.trace.DeadLetter;
import dev.uffdtrace.analyzer.trace.TraceReader;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The older kernels' profiles against what those kernels did: {@code uffdtrace probe} traces
 * recorded on Debian's 6.1 and 6.12 kernels booted under QEMU (deploy/kernels/probe-kernel.sh,
 * docs/kernels.md). A profile is right for its kernel when the kernel's own results never
 * contradict it; the same traces against the newest profile show that the check can tell.
 */
class RealKernelProbesTest {
    static final String LINUX_6_1 = "probe-6.1.0-50-amd64.jsonl.gz";
    static final String LINUX_6_12 = "probe-6.12.100+deb12-amd64.jsonl.gz";

    @ParameterizedTest
    @CsvSource({LINUX_6_1 + ", linux-6.1, 1000", LINUX_6_12 + ", linux-6.12, 1700"})
    void theKernelsOwnResultsNeverContradictItsProfile(String trace, String profile, long atLeastEvents)
            throws Exception {
        List<DeadLetter> dead = new ArrayList<>();
        ReplayResult r = replay(trace, profile, dead);
        assertThat(dead).isEmpty();
        assertThat(r.events()).isGreaterThanOrEqualTo(atLeastEvents);
        assertThat(drift(r)).isEmpty();
    }

    @Test
    void on618Rules612sDroppableMemoryDriftsAndNothingElse() throws Exception {
        List<Finding> drift = drift(replay(LINUX_6_12, "linux-6.18", new ArrayList<>()));
        // 6.12 registers and fills MAP_DROPPABLE memory; 6.18 refuses it (docs/kernels.md)
        assertThat(drift).isNotEmpty().allSatisfy(f -> assertThat(f.mem()).isEqualTo("droppable"));
    }

    @Test
    void on618Rules61Drifts() throws Exception {
        List<Finding> drift = drift(replay(LINUX_6_1, "linux-6.18", new ArrayList<>()));
        // among others: 6.1 refuses WP_ASYNC at UFFDIO_API, which 6.18 accepts
        assertThat(drift).anySatisfy(f -> assertThat(f.mem()).isNull())
                .anySatisfy(f -> assertThat(f.mem()).isEqualTo("anon"));
    }

    private static List<Finding> drift(ReplayResult r) {
        return r.findings().stream().filter(f -> f.rule().equals("KERNEL_MODEL_DRIFT")).toList();
    }

    private static ReplayResult replay(String trace, String profile, List<DeadLetter> dead) throws Exception {
        TraceReplay replay = new TraceReplay(new ReplaySettings(
                ProfileChoice.fixed(ProfileRegistry.builtIns().byName(profile)), ReplaySettings.DEFAULT_STUCK_MICROS),
                dead::add);
        try (InputStream in = TraceReader.decompressed(
                RealKernelProbesTest.class.getResourceAsStream("/kernels/" + trace))) {
            new TraceReader().read(in, trace, replay);
        }
        return replay.finish();
    }
}
