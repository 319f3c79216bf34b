package dev.uffdtrace.collector.observe;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.uffdtrace.analyzer.trace.FaultEvent;
import dev.uffdtrace.collector.loop.HostIdentity;
import dev.uffdtrace.collector.publish.Publishers;
import dev.uffdtrace.collector.publish.QueueOutbox;
import dev.uffdtrace.collector.testing.Replayed;
import dev.uffdtrace.collector.workload.WorkloadEnv;
import dev.uffdtrace.collector.workload.WorkloadParams;
import dev.uffdtrace.collector.workload.Workloads;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code uffdtrace observe --pid P --out FILE} as an operator runs it, in a process of its own,
 * stopped with SIGTERM (Ctrl-C): it still flushes the whole trace and prints its summary. On one
 * CPU the shutdown hook used to return before either, and the JVM halted without them.
 */
@ExtendWith(BpfAssumptions.class)
class ObserveProcessIT {
    @TempDir
    Path dir;


    @Test
    void sigtermFlushesTheTraceAndPrintsTheSummary_evenOnOneCpu() throws Exception {
        Path trace = dir.resolve("observed.jsonl");
        String self = Long.toString(ProcessHandle.current().pid());
        JsonNode summary;
        try (ObserverProcess o = ObserverProcess.start(List.of("--pid", self, "--out", trace.toString()), null, "0")) {
            try (QueueOutbox own = new QueueOutbox(Publishers.none(), 1 << 16)) {
                Workloads.byName("zeropage").run(new WorkloadEnv(HostIdentity.current(), own, WorkloadParams.of(256, 1)));
            }
            summary = new ObjectMapper().readTree(o.stop());
        }
        assertThat(summary.path("lost").asLong()).isZero();
        assertThat(summary.path("records").asLong()).isGreaterThanOrEqualTo(2 * 256);
        Replayed r = Replayed.of(trace);
        assertThat(r.ofType(FaultEvent.class)).hasSize(256);
        assertThat(r.rules()).isEmpty();
    }
}
