package dev.uffdtrace.collector.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.uffdtrace.analyzer.trace.FaultEvent;
import dev.uffdtrace.collector.linux.NativeAssumptions;
import dev.uffdtrace.collector.loop.HostIdentity;
import dev.uffdtrace.collector.publish.Publishers;
import dev.uffdtrace.collector.publish.QueueOutbox;
import dev.uffdtrace.collector.testing.Replayed;
import dev.uffdtrace.collector.workload.WorkloadEnv;
import dev.uffdtrace.collector.workload.WorkloadParams;
import dev.uffdtrace.collector.workload.Workloads;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code observe --pid SELF --duration 4s --out FILE} while the zeropage workload runs in this JVM. */
class ObserveCommandIT {
    @TempDir
    Path dir;

    @Test
    void observesAWorkloadIntoATraceFile() throws Exception {
        NativeAssumptions.assumeUserfaultfd();
        String unavailable = dev.uffdtrace.collector.observe.BpfObject.unavailableReason();
        assumeTrue(unavailable == null, unavailable);
        Path trace = dir.resolve("observed.jsonl");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new ObserveCommand());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> cl.execute("--pid",
                Long.toString(ProcessHandle.current().pid()), "--duration", "4s", "--out", trace.toString()));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!err.toString().contains("attached") && !exit.isDone() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(err.toString()).contains("uffdtrace observe: attached to pid");
        try (QueueOutbox own = new QueueOutbox(Publishers.none(), 1 << 16)) {
            Workloads.byName("zeropage").run(new WorkloadEnv(HostIdentity.current(), own, WorkloadParams.of(64, 1)));
        }
        assertThat(exit.get(30, TimeUnit.SECONDS)).isZero();
        assertThat(out.toString()).startsWith("{\"records\":").contains("\"lost\":0");
        Replayed r = Replayed.of(trace);
        assertThat(r.ofType(FaultEvent.class)).hasSize(64);
        assertThat(r.groupCounts()).containsEntry("anon/missing-read/ZEROPAGE", 64L);
        assertThat(r.rules()).isEmpty();
        assertThat(Files.size(trace)).isPositive();
    }
}
