package dev.uffdtrace.collector.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.uffdtrace.analyzer.trace.FaultEvent;
import dev.uffdtrace.analyzer.trace.LossEvent;
import dev.uffdtrace.collector.linux.NativeAssumptions;
import dev.uffdtrace.collector.testing.Replayed;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CollectCommandIT {
    @TempDir
    Path dir;

    @BeforeAll
    static void requireUffd() {
        NativeAssumptions.assumeUserfaultfd();
    }

    private record Result(int exit, String out, String err) {
    }

    private static Result execute(Object command, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(command);
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new Result(exit, out.toString(), err.toString());
    }

    @Test
    void collectPrintsOneJsonLineAndWritesTheTrace() throws Exception {
        Path trace = dir.resolve("wp.jsonl.gz");
        Result r = execute(new CollectCommand(), "--workload", "wp", "--pages", "48", "--threads", "2",
                "--out", trace.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out().lines()).hasSize(1);
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertThat(j.get("faults").asLong()).isEqualTo(48);
        assertThat(j.get("seconds").asDouble()).isPositive();
        assertThat(j.get("faults_per_s").asDouble()).isPositive();
        assertThat(j.get("svc_p50_ns").asLong()).isPositive();
        assertThat(j.get("svc_p99_ns").asLong()).isGreaterThanOrEqualTo(j.get("svc_p50_ns").asLong());
        assertThat(j.get("cpu_ns_per_fault").asLong()).isPositive();
        Replayed replayed = Replayed.of(trace);
        assertThat(replayed.groupCounts()).containsEntry("anon/wp/WRITEPROTECT", 48L);
        assertThat(j.get("events").asLong()).isEqualTo(replayed.events().size());
        assertThat(j.get("dropped").asLong()).isZero();
    }

    @Test
    void eventsDroppedByAFullQueueAreCountedAsTheTraceReportsThem() throws Exception {
        Path trace = dir.resolve("tiny-queue.jsonl");
        Result r = execute(new CollectCommand(), "--workload", "zeropage", "--pages", "2000", "--queue", "1",
                "--out", trace.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode j = new ObjectMapper().readTree(r.out());
        Replayed replayed = Replayed.of(trace);
        long reported = replayed.ofType(LossEvent.class).stream().mapToLong(LossEvent::dropped).sum();
        // a queue of one cannot hold a fault's two events: some are dropped whatever the timing
        assertThat(j.get("dropped").asLong()).isPositive().isEqualTo(reported);
        assertThat(j.get("events").asLong()).isEqualTo(replayed.events().size());
    }

    @Test
    void durationRepeatsRounds() throws Exception {
        Result r = execute(new CollectCommand(), "--workload", "zeropage", "--pages", "16", "--duration", "300ms",
                "--discard");
        assertThat(r.exit()).as(r.err()).isZero();
        long faults = new ObjectMapper().readTree(r.out()).get("faults").asLong();
        assertThat(faults).isGreaterThan(16).isEqualTo(faults / 16 * 16);
    }

    @Test
    void everyFaultIsTracedWithAndWithoutTheSpinWindow() throws Exception {
        for (String spin : new String[] {"0s", "2ms"}) {
            Path trace = dir.resolve("spin-" + spin + ".jsonl");
            Result r = execute(new CollectCommand(), "--workload", "copy", "--pages", "300", "--spin", spin,
                    "--out", trace.toString());
            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(new ObjectMapper().readTree(r.out()).get("faults").asLong()).as(spin).isEqualTo(300);
            assertThat(Replayed.of(trace).groupCounts()).as(spin).containsEntry("anon/missing-read/COPY", 300L);
        }
    }

    @Test
    void warmUpRoundsAreTracedButLeftOutOfTheResult() throws Exception {
        Path trace = dir.resolve("warm.jsonl");
        Result r = execute(new CollectCommand(), "--workload", "zeropage", "--pages", "16", "--warmup", "300ms",
                "--out", trace.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(new ObjectMapper().readTree(r.out()).get("faults").asLong()).isEqualTo(16);
        assertThat(Replayed.of(trace).ofType(FaultEvent.class)).hasSizeGreaterThan(16);
    }

    @Test
    void kafkaWithoutThePublisherClassSaysSo() {
        Result r = execute(new CollectCommand(), "--workload", "zeropage", "--pages", "4",
                "--bootstrap", "127.0.0.1:9", "--topic", "t");
        assertThat(r.exit()).isNotZero();
        assertThat(r.err()).contains("KafkaEventPublisher");
    }

    @Test
    void unknownWorkloadIsAUsageError() {
        Result r = execute(new CollectCommand(), "--workload", "nope", "--out", dir.resolve("x.jsonl").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("unknown name 'nope'");
    }

    @Test
    void probeCommandWritesTheMatrix() throws Exception {
        Path trace = dir.resolve("probe.jsonl");
        Result r = execute(new ProbeCommand(), "--out", trace.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("probed: anon").contains("uffd contexts");
        assertThat(Files.size(trace)).isPositive();
        assertThat(Replayed.of(trace).findings("KERNEL_MODEL_DRIFT")).isEmpty();
    }
}
