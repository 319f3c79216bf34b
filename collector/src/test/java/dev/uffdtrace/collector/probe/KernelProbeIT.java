package dev.uffdtrace.collector.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.uffdtrace.analyzer.rules.Finding;
import dev.uffdtrace.analyzer.trace.FaultEvent;
import dev.uffdtrace.analyzer.trace.FaultKind;
import dev.uffdtrace.analyzer.trace.IoctlEvent;
import dev.uffdtrace.analyzer.trace.MemType;
import dev.uffdtrace.analyzer.trace.OpenEvent;
import dev.uffdtrace.analyzer.trace.RegisterEvent;
import dev.uffdtrace.collector.linux.NativeAssumptions;
import dev.uffdtrace.collector.loop.HostIdentity;
import dev.uffdtrace.collector.publish.DirectOutbox;
import dev.uffdtrace.collector.publish.JsonLinesPublisher;
import dev.uffdtrace.collector.testing.Replayed;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The probe on the live kernel; its trace replayed against linux-6.18 must not drift. */
class KernelProbeIT {
    @TempDir
    static Path dir;
    private static Replayed replayed;
    private static ProbeSummary summary;

    @BeforeAll
    static void probe() throws Exception {
        NativeAssumptions.assumeUserfaultfd();
        Path trace = dir.resolve("probe.jsonl");
        try (DirectOutbox out = new DirectOutbox(new JsonLinesPublisher(trace))) {
            summary = new KernelProbe(HostIdentity.current(), out, null).run();
        }
        replayed = Replayed.of(trace);
    }

    @Test
    void replayAgainstLinux618GivesNoDrift() {
        assertThat(replayed.deadLetters()).isEmpty();
        assertThat(replayed.findings("KERNEL_MODEL_DRIFT")).as(() -> replayed.findings("KERNEL_MODEL_DRIFT").stream()
                .limit(10).map(Finding::evidenceJson).collect(Collectors.joining("\n"))).isEmpty();
    }

    @Test
    void coversTheMatrix() {
        assertThat(summary.probed()).contains("anon", "anon-shared", "memfd", "memfd-private", "droppable");
        assertThat(replayed.ofType(OpenEvent.class)).hasSize(summary.contexts())
                .allSatisfy(o -> assertThat(o.result()).isEqualTo("ok"));
        var regs = replayed.ofType(RegisterEvent.class);
        // 7 mode sets x 3 feature sets per kind, plus one registration per faulting kind
        assertThat(regs.stream().filter(r -> "anon".equals(r.region()))).hasSize(21);
        assertThat(regs.stream().filter(r -> r.mem() == MemType.ANON && r.modes().equals(java.util.List.of("MINOR"))))
                .hasSize(3).allSatisfy(r -> assertThat(r.result()).isEqualTo("EINVAL"));
        assertThat(regs.stream().filter(r -> r.mem() == MemType.DROPPABLE))
                .hasSize(21).allSatisfy(r -> assertThat(r.result()).isEqualTo("EINVAL"));
        Set<String> ops = replayed.ofType(IoctlEvent.class).stream().map(IoctlEvent::op).collect(Collectors.toSet());
        assertThat(ops).containsExactlyInAnyOrder("COPY", "ZEROPAGE", "WRITEPROTECT", "CONTINUE", "POISON", "MOVE",
                "WAKE");
    }

    @Test
    void recordsTheKernelsVerdicts() {
        var ioctls = replayed.ofType(IoctlEvent.class);
        assertThat(ioctls).anySatisfy(i -> {
            assertThat(i.op()).isEqualTo("COPY");
            assertThat(i.result()).isEqualTo("EEXIST");
            assertThat(i.bytes()).isZero();
        });
        // MOVE works on anonymous memory only
        assertThat(ioctls.stream().filter(i -> i.op().equals("MOVE") && i.result().equals("ok"))).isNotEmpty();
        assertThat(ioctls.stream().filter(i -> i.op().equals("MOVE")).map(IoctlEvent::result).distinct())
                .containsExactlyInAnyOrder("ok", "EINVAL");
    }

    @Test
    void recordsRealFaultsOfEveryKind() {
        Set<FaultKind> kinds = replayed.ofType(FaultEvent.class).stream().map(FaultEvent::kind)
                .collect(Collectors.toSet());
        assertThat(kinds).containsExactlyInAnyOrder(FaultKind.values());
        assertThat(replayed.result().outstanding()).isZero();
        assertThat(replayed.result().resolvedByClose()).isZero();
        assertThat(replayed.findings("FAULT_MODE_MISMATCH")).isEmpty();
        assertThat(replayed.findings("FAULT_OUTSIDE_REGISTRATION")).isEmpty();
    }
}
