package dev.uffdtrace.collector.observe;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.uffdtrace.analyzer.trace.FaultEvent;
import dev.uffdtrace.analyzer.trace.IoctlEvent;
import dev.uffdtrace.collector.loop.HostIdentity;
import dev.uffdtrace.collector.publish.JsonLinesPublisher;
import dev.uffdtrace.collector.publish.Publishers;
import dev.uffdtrace.collector.publish.QueueOutbox;
import dev.uffdtrace.collector.testing.Replayed;
import dev.uffdtrace.collector.workload.WorkloadEnv;
import dev.uffdtrace.collector.workload.WorkloadParams;
import dev.uffdtrace.collector.workload.Workloads;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** observe --counters: the kernel's per-ctx counts agree with the collector's own trace of the same run. */
@ExtendWith(BpfAssumptions.class)
class ObserveCountersIT {
    @TempDir
    Path dir;


    @Test
    void zeropageCountedInTheKernel() throws Exception {
        Path own = dir.resolve("own.jsonl");
        HostIdentity host = HostIdentity.current();
        int self = (int) ProcessHandle.current().pid();
        String counters;
        long lost;
        try (QueueOutbox out = new QueueOutbox(Publishers.none(), 1 << 16);
             Observer o = Observer.start(host, out, new Observer.Options(self, true, 64))) {
            try (QueueOutbox ownOut = new QueueOutbox(new JsonLinesPublisher(own), 1 << 16)) {
                Workloads.byName("zeropage").run(new WorkloadEnv(host, ownOut, WorkloadParams.of(256, 2)));
            }
            o.stop();
            counters = o.countersJson();
            lost = o.lost();
        }
        Replayed mine = Replayed.of(own);
        JsonNode ours = faultedCtx(new ObjectMapper().readTree(counters));

        assertThat(lost).isZero();
        assertThat(ours.path("ctx").asText()).as("the ctx's name, not the kernel's number")
                .doesNotStartWith("kernel:").contains(":" + self + ":o" + self + ".");
        assertThat(ours.path("faults").asLong()).isEqualTo(mine.ofType(FaultEvent.class).size()).isEqualTo(256);
        assertThat(ours.path("ioctls").path("ZEROPAGE").asLong()).isEqualTo(ops(mine, "ZEROPAGE"));
        assertThat(ours.path("ioctls").path("WAKE").asLong()).isEqualTo(ops(mine, "WAKE"));
        assertThat(ours.path("ioctls").path("API").asLong()).isEqualTo(1);
        assertThat(ours.path("ioctls").path("REGISTER").asLong()).isEqualTo(1);
    }

    /**
     * The workload's ctx: with --pid only the observed process's faults are counted (other programs
     * on the host may make uffds meanwhile, their API and REGISTER counted too). Found by its
     * faults; its uffd was closed before the report, which still names it by its ctx.
     */
    private static JsonNode faultedCtx(JsonNode report) {
        JsonNode found = null;
        for (JsonNode c : report.path("ctxs")) {
            if (c.path("faults").asLong() > 0) {
                assertThat(found).as("one ctx with faults in %s", report).isNull();
                found = c;
            }
        }
        assertThat(found).as("a ctx with faults in %s", report).isNotNull();
        return found;
    }

    private static long ops(Replayed r, String op) {
        return r.ofType(IoctlEvent.class).stream().filter(i -> i.op().equals(op)).count();
    }
}
