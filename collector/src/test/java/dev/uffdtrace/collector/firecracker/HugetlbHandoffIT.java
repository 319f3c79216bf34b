package dev.uffdtrace.collector.firecracker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.uffdtrace.analyzer.trace.MemType;
import dev.uffdtrace.analyzer.trace.RegisterEvent;
import dev.uffdtrace.collector.linux.Mapping;
import dev.uffdtrace.collector.linux.NativeAssumptions;
import dev.uffdtrace.collector.linux.NativeException;
import dev.uffdtrace.collector.loop.HostIdentity;
import dev.uffdtrace.collector.publish.JsonLinesPublisher;
import dev.uffdtrace.collector.publish.QueueOutbox;
import dev.uffdtrace.collector.testing.Replayed;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Guest memory in 2 MiB hugetlb pages (Firecracker's {@code huge_pages: 2M}): each huge page is
 * one COPY from the snapshot; after a balloon, zeros come from a COPY (hugetlb has no ZEROPAGE).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HugetlbHandoffIT {
    private static final long HUGE = 2L << 20;
    private static final int PER_HUGE = (int) (HUGE / SnapshotPattern.PAGE);
    private static final int HUGE_PAGES = 3;
    /** The region starts one huge page into the file. */
    private static final VmmSide.Layout LAYOUT = new VmmSide.Layout(HUGE_PAGES * PER_HUGE, PER_HUGE, HUGE);

    @TempDir
    Path dir;

    @BeforeAll
    static void requireHugePages() {
        NativeAssumptions.assumeUserfaultfd();
        try (Mapping probe = Mapping.anonymous(HUGE_PAGES * HUGE, LAYOUT.flags())) {
            probe.length();
        } catch (NativeException e) {
            assumeTrue(false, "no free 2 MiB huge pages (vm.nr_hugepages): " + e.getMessage());
        }
    }

    /** Reads every 61st base page of huge page {@code h} (in native code) against {@code expectZero} or the file. */
    private static void assertHugePage(VmmSide vmm, int h, boolean expectZero) {
        for (int p = h * PER_HUGE; p < (h + 1) * PER_HUGE; p += 61) {
            byte[] expected = expectZero ? new byte[SnapshotPattern.PAGE] : SnapshotPattern.page(vmm.filePage(0, p));
            assertThat(SnapshotPattern.mismatch(vmm.read(0, p), expected)).as("base page %d", p).isNull();
        }
    }

    @Test
    void hugePagesAreCopiedAndZeroedAfterTheBalloon() throws Exception {
        Path mem = SnapshotPattern.write(dir.resolve("mem"), (HUGE_PAGES + 1) * PER_HUGE);
        Path socket = dir.resolve("fc.sock");
        Path trace = dir.resolve("trace.jsonl");
        try (QueueOutbox outbox = new QueueOutbox(new JsonLinesPublisher(trace), 1 << 16);
             FirecrackerHandler handler = FirecrackerHandler.start(socket, mem, outbox, HostIdentity.current())) {
            try (VmmSide vmm = VmmSide.create(List.of(LAYOUT))) {
                vmm.handOff(socket, vmm.regionsJson());
                for (int h = 0; h < HUGE_PAGES; h++) {
                    assertHugePage(vmm, h, false);
                }
                vmm.balloon(0, PER_HUGE, PER_HUGE);
                assertHugePage(vmm, 1, true);
                assertHugePage(vmm, 2, false);
            }
            handler.close();
            assertThat(handler.finishedCounts().copies()).isEqualTo(HUGE_PAGES + 1);
            assertThat(handler.finishedCounts().failed()).isZero();
        }
        Replayed r = Replayed.of(trace);
        assertThat(r.rules()).isEmpty();
        assertThat(r.ofType(RegisterEvent.class)).singleElement().satisfies(reg -> {
            assertThat(reg.mem()).isEqualTo(MemType.HUGETLB_PRIVATE);
            assertThat(reg.pageSize()).isEqualTo(HUGE);
        });
        assertThat(r.groupCounts()).isEqualTo(Map.of("hugetlb-private/missing-read/COPY", (long) HUGE_PAGES + 1));
    }
}
