package dev.uffdtrace.collector.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.uffdtrace.analyzer.trace.CloseEvent;
import dev.uffdtrace.analyzer.trace.FaultEvent;
import dev.uffdtrace.analyzer.trace.IoctlEvent;
import dev.uffdtrace.analyzer.trace.MemType;
import dev.uffdtrace.analyzer.trace.OpenEvent;
import dev.uffdtrace.analyzer.trace.RegisterEvent;
import dev.uffdtrace.collector.linux.NativeAssumptions;
import dev.uffdtrace.collector.loop.HostIdentity;
import dev.uffdtrace.collector.publish.JsonLinesPublisher;
import dev.uffdtrace.collector.publish.QueueOutbox;
import dev.uffdtrace.collector.testing.Replayed;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each workload on the live kernel, its trace replayed with the analyzer against linux-6.18. */
class WorkloadsIT {
    private static final int PAGES = 64;

    @TempDir
    Path dir;

    @BeforeAll
    static void requireUffd() {
        NativeAssumptions.assumeUserfaultfd();
    }

    private Run run(String name, int pages, int threads) throws Exception {
        Path trace = dir.resolve(name + ".jsonl");
        WorkloadResult result;
        try (QueueOutbox outbox = new QueueOutbox(new JsonLinesPublisher(trace), 1 << 16)) {
            result = Workloads.byName(name).run(new WorkloadEnv(HostIdentity.current(), outbox,
                    WorkloadParams.of(pages, threads)));
        }
        return new Run(result, Replayed.of(trace));
    }

    private record Run(WorkloadResult result, Replayed replay) {
    }

    private static void assertClean(Run r, String group, long count) {
        assertThat(r.result().skipped()).isNull();
        assertThat(r.replay().deadLetters()).isEmpty();
        assertThat(r.replay().rules()).isEmpty();
        assertThat(r.replay().groupCounts()).isEqualTo(Map.of(group, count));
        assertThat(r.replay().result().outstanding()).isZero();
        assertThat(r.replay().result().resolvedByClose()).isZero();
        assertThat(r.result().faults()).isEqualTo(count);
        assertThat(r.replay().ofType(FaultEvent.class)).hasSize((int) count);
        assertThat(r.replay().ofType(OpenEvent.class)).singleElement()
                .satisfies(o -> assertThat(o.result()).isEqualTo("ok"));
        assertThat(r.replay().ofType(CloseEvent.class)).hasSize(1);
        assertThat(r.result().svcP50Nanos()).isPositive();
    }

    @Test
    void zeropage() throws Exception {
        Run r = run("zeropage", PAGES, 1);
        assertClean(r, "anon/missing-read/ZEROPAGE", PAGES);
        RegisterEvent reg = r.replay().ofType(RegisterEvent.class).get(0);
        assertThat(reg.ioctls()).containsExactly("WAKE", "COPY", "ZEROPAGE", "MOVE", "POISON");
        assertThat(reg.pageSize()).isEqualTo(4096);
        assertThat(reg.region()).isEqualTo("zeropage");

        OpenEvent open = r.replay().ofType(OpenEvent.class).get(0);
        HostIdentity me = HostIdentity.current();
        assertThat(open.kernel()).isEqualTo(java.nio.file.Files.readString(Path.of("/proc/sys/kernel/osrelease")).trim());
        assertThat(open.pid()).isEqualTo(ProcessHandle.current().pid());
        assertThat(open.via()).isEqualTo("syscall");
        assertThat(open.requested()).isEmpty();
        assertThat(open.features()).contains("EVENT_FORK", "MISSING_SHMEM");
        assertThat(open.ioctls()).containsExactly("REGISTER", "UNREGISTER", "API");
        assertThat(open.ctx()).matches(java.util.regex.Pattern.quote(me.host() + ":" + me.pid() + ":") + "\\d+:"
                + java.util.regex.Pattern.quote(me.bootId()));

        assertThat(r.replay().ofType(IoctlEvent.class)).hasSize(PAGES).allSatisfy(i -> {
            assertThat(i.op()).isEqualTo("ZEROPAGE");
            assertThat(i.result()).isEqualTo("ok");
            assertThat(i.bytes()).isEqualTo(4096);
            assertThat(i.durNanos()).isPositive();
            assertThat(i.len()).isEqualTo(4096);
        });
        // every fault is followed (same page) by its ZEROPAGE, in seq order
        var events = r.replay().events();
        for (int k = 0; k < events.size(); k++) {
            assertThat(events.get(k).seq()).isEqualTo(k);
        }
    }

    @Test
    void copyFromASnapshot() throws Exception {
        assertClean(run("copy", PAGES, 2), "anon/missing-read/COPY", PAGES);
    }

    @Test
    void continueOnShmem() throws Exception {
        assertClean(run("continue", PAGES, 1), "shmem/minor/CONTINUE", PAGES);
    }

    @Test
    void wpDirtyTracking() throws Exception {
        assertClean(run("wp", PAGES, 2), "anon/wp/WRITEPROTECT", PAGES);
    }

    @Test
    void wpOnShmem() throws Exception {
        assertClean(run("wp-shmem", PAGES, 1), "shmem/wp/WRITEPROTECT", PAGES);
    }

    @Test
    void hugetlbCopiesWholeHugePages() throws Exception {
        Run r = run("hugetlb", 4, 1);
        assumeTrue(r.result().skipped() == null, r.result().skipped());
        long pages = r.result().faults();
        assertThat(pages).isBetween(1L, 4L);
        assertClean(r, "hugetlb/missing-read/COPY", pages);
        assertThat(r.replay().ofType(RegisterEvent.class).get(0).pageSize()).isEqualTo(2L << 20);
    }

    @Test
    void stormResolvesEveryFaultOnce() throws Exception {
        Run r = run("storm", 256, 4);
        assertThat(r.replay().rules()).isEmpty();
        assertThat(r.replay().result().outstanding()).isZero();
        assertThat(r.replay().result().resolvedByClose()).isZero();
        long faults = r.replay().ofType(FaultEvent.class).size();
        assertThat(faults).isEqualTo(r.result().faults()).isGreaterThanOrEqualTo(256);
        assertThat(r.replay().result().latency().totalCount()).isEqualTo(faults);
        assertThat(r.replay().groupCounts()).containsKey("anon/missing-read/ZEROPAGE");
    }

    @Test
    void guestMemfdOnlyTakesAsyncWp() throws Exception {
        NativeAssumptions.assumeKvm();
        Run r = run("guest-memfd", 16, 1);
        assumeTrue(r.result().skipped() == null, r.result().skipped());
        var regs = r.replay().ofType(RegisterEvent.class);
        assertThat(regs).hasSize(9);
        assertThat(regs.stream().filter(e -> e.result().equals("ok")).toList()).singleElement()
                .satisfies(e -> assertThat(e.modes()).containsExactly("WP"));
        assertThat(regs.stream().filter(e -> !e.result().equals("ok")).map(RegisterEvent::result).distinct())
                .containsExactly("EINVAL");
        assertThat(r.replay().rules()).isNotEmpty().containsOnly("REGISTER_MODE_UNSUPPORTED");
        assertThat(r.replay().ofType(IoctlEvent.class)).hasSize(2).allSatisfy(i -> {
            assertThat(i.op()).isEqualTo("WRITEPROTECT");
            assertThat(i.result()).isEqualTo("ok");
        });
    }

    @Test
    void misuseGivesTheExpectedRulesAndNoDrift() throws Exception {
        Run r = run("misuse", 4, 1);
        assertThat(r.replay().rules()).contains("REGISTER_MODE_UNSUPPORTED", "IOCTL_UNSUPPORTED", "IOCTL_MODE_MISMATCH")
                .doesNotContain("KERNEL_MODEL_DRIFT");
        assertThat(r.replay().ofType(RegisterEvent.class)).anySatisfy(e -> {
            assertThat(e.mem()).isEqualTo(MemType.ANON);
            assertThat(e.modes()).containsExactly("MINOR");
            assertThat(e.result()).isEqualTo("EINVAL");
        });
        Map<String, String> results = r.replay().ofType(IoctlEvent.class).stream()
                .collect(Collectors.toMap(IoctlEvent::op, IoctlEvent::result));
        assertThat(results).containsEntry("CONTINUE", "EINVAL").containsEntry("WRITEPROTECT", "ENOENT")
                .containsEntry("MOVE", "EINVAL");
        if (results.containsKey("ZEROPAGE")) { // only when huge pages are free
            assertThat(results.get("ZEROPAGE")).isEqualTo("EINVAL");
            assertThat(r.replay().findings("IOCTL_UNSUPPORTED")).anySatisfy(f ->
                    assertThat(f.mem()).isEqualTo("hugetlb"));
        }
    }
}
