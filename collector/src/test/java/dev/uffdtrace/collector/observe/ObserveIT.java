package dev.uffdtrace.collector.observe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.uffdtrace.analyzer.rules.Finding;
import dev.uffdtrace.analyzer.trace.CloseEvent;
import dev.uffdtrace.analyzer.trace.FaultEvent;
import dev.uffdtrace.analyzer.trace.IoctlEvent;
import dev.uffdtrace.analyzer.trace.OpenEvent;
import dev.uffdtrace.analyzer.trace.RegisterEvent;
import dev.uffdtrace.collector.loop.HostIdentity;
import dev.uffdtrace.collector.publish.JsonLinesPublisher;
import dev.uffdtrace.collector.publish.QueueOutbox;
import dev.uffdtrace.collector.testing.Replayed;
import dev.uffdtrace.collector.workload.WorkloadEnv;
import dev.uffdtrace.collector.workload.WorkloadParams;
import dev.uffdtrace.collector.workload.WorkloadResult;
import dev.uffdtrace.collector.workload.Workloads;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The collector's own workloads run in this JVM while observe is attached with --pid of this
 * JVM: the observer's trace, replayed, must agree with the collector's own trace of the run
 * (fault count, latency group counts, findings by rule).
 */
@ExtendWith(BpfAssumptions.class)
class ObserveIT {
    @TempDir
    Path dir;


    private record Both(WorkloadResult result, Replayed own, Replayed observed, long lost) {
    }

    private Both run(String workload, int pages, int threads, boolean allProcesses) throws Exception {
        Path own = dir.resolve(workload + "-own.jsonl");
        Path seen = dir.resolve(workload + "-observed.jsonl");
        HostIdentity host = HostIdentity.current();
        WorkloadResult result;
        long lost;
        try (QueueOutbox observedOut = new QueueOutbox(new JsonLinesPublisher(seen), 1 << 20)) {
            int pid = allProcesses ? 0 : (int) ProcessHandle.current().pid();
            try (Observer observer = Observer.start(host, observedOut, new Observer.Options(pid, false, 64))) {
                try (QueueOutbox ownOut = new QueueOutbox(new JsonLinesPublisher(own), 1 << 16)) {
                    result = Workloads.byName(workload).run(new WorkloadEnv(host, ownOut,
                            WorkloadParams.of(pages, threads)));
                }
                observer.stop();
                lost = observer.lost();
            }
        }
        String keep = System.getProperty("observe.keep");
        if (keep != null) { // -Dobserve.keep=DIR keeps both traces for a look
            Files.createDirectories(Path.of(keep));
            Files.copy(own, Path.of(keep, own.getFileName().toString()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Files.copy(seen, Path.of(keep, seen.getFileName().toString()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        if (allProcesses) {
            // observing every process: other programs on the host may use userfaultfd too; keep ours
            String mine = host.host() + ":" + ProcessHandle.current().pid() + ":";
            Path ours = dir.resolve(workload + "-observed-ours.jsonl");
            try (var lines = Files.lines(seen)) {
                Files.write(ours, (Iterable<String>) lines.filter(l -> l.contains("\"ctx\":\"" + mine))::iterator);
            }
            seen = ours;
        }
        return new Both(result, Replayed.of(own), Replayed.of(seen), lost);
    }

    private static Map<String, Long> ruleCounts(Replayed r) {
        return r.result().findings().stream()
                .collect(Collectors.groupingBy(Finding::rule, TreeMap::new, Collectors.counting()));
    }

    private static void assertSameAnalysis(Both b) {
        assertThat(b.lost()).isZero();
        assertThat(b.observed().deadLetters()).isEmpty();
        assertThat(b.observed().ofType(FaultEvent.class)).hasSameSizeAs(b.own().ofType(FaultEvent.class));
        assertThat(b.observed().groupCounts()).isEqualTo(b.own().groupCounts());
        assertThat(ruleCounts(b.observed())).isEqualTo(ruleCounts(b.own()));
        assertThat(b.observed().ofType(OpenEvent.class)).hasSameSizeAs(b.own().ofType(OpenEvent.class));
        assertThat(b.observed().ofType(CloseEvent.class)).hasSameSizeAs(b.own().ofType(CloseEvent.class));
        assertThat(b.observed().result().outstanding()).isEqualTo(b.own().result().outstanding());
    }

    @Test
    void zeropageAsTheCollectorSawIt() throws Exception {
        Both b = run("zeropage", 256, 2, false);
        assertThat(b.result().faults()).isEqualTo(256);
        assertSameAnalysis(b);
        assertThat(b.observed().groupCounts()).isEqualTo(Map.of("anon/missing-read/ZEROPAGE", 256L));
        RegisterEvent reg = b.observed().ofType(RegisterEvent.class).get(0);
        RegisterEvent ownReg = b.own().ofType(RegisterEvent.class).get(0);
        assertThat(reg.start()).isEqualTo(ownReg.start());
        assertThat(reg.len()).isEqualTo(ownReg.len());
        assertThat(reg.mem()).isEqualTo(ownReg.mem());
        assertThat(reg.pageSize()).isEqualTo(ownReg.pageSize());
        assertThat(reg.ioctls()).isEqualTo(ownReg.ioctls());
        OpenEvent open = b.observed().ofType(OpenEvent.class).get(0);
        assertThat(open.pid()).isEqualTo(ProcessHandle.current().pid());
        assertThat(open.via()).isEqualTo("syscall");
        assertThat(open.features()).isEqualTo(b.own().ofType(OpenEvent.class).get(0).features());
        assertThat(b.observed().ofType(IoctlEvent.class)).allSatisfy(i -> assertThat(i.durNanos()).isPositive());
    }

    @Test
    void copyWithTwoThreads() throws Exception {
        Both b = run("copy", 128, 2, false);
        assertSameAnalysis(b);
        Function<Replayed, Long> srcs = r -> r.ofType(IoctlEvent.class).stream().filter(i -> i.src() != null).count();
        assertThat(srcs.apply(b.observed())).isEqualTo(srcs.apply(b.own()));
    }

    @Test
    void misuseGivesTheSameFindings() throws Exception {
        Both b = run("misuse", 4, 1, false);
        assertSameAnalysis(b);
        assertThat(ruleCounts(b.observed())).containsKeys("REGISTER_MODE_UNSUPPORTED", "IOCTL_UNSUPPORTED");
        assertThat(b.observed().ofType(RegisterEvent.class)).extracting(r -> r.mem().wireName())
                .isEqualTo(b.own().ofType(RegisterEvent.class).stream().map(r -> r.mem().wireName()).toList());
    }

    @Test
    void continueOnShmemWithoutPidFilter() throws Exception {
        Both b = run("continue", 64, 1, true);
        assertSameAnalysis(b);
        assertThat(b.observed().groupCounts()).isEqualTo(Map.of("shmem/minor/CONTINUE", 64L));
    }
}
