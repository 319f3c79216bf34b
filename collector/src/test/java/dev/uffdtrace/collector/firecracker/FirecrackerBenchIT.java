package dev.uffdtrace.collector.firecracker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.uffdtrace.collector.linux.Mapping;
import dev.uffdtrace.collector.linux.NativeAssumptions;
import dev.uffdtrace.collector.loop.HostIdentity;
import dev.uffdtrace.collector.loop.ServiceTimes;
import dev.uffdtrace.collector.publish.EventPublisher;
import dev.uffdtrace.collector.publish.Publishers;
import dev.uffdtrace.collector.publish.QueueOutbox;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pages served per second: one VMM thread reads one byte of each of {@code fc.bench.pages}
 * pages, the handler serves each with COPY from the snapshot file, as ref-handler.c does in
 * {@code copy} mode. Runs only when {@code -Dfc.bench.pages=N} is given (collector/bench/
 * firecracker-bench.sh does); appends one JSON line per run to {@code fc.bench.out}. With
 * {@code -Dfc.bench.ref=BINARY} (the compiled ref-handler.c) each round first runs
 * {@code BINARY copy N} and appends its line to {@code fc.bench.ref.out}: C and Java runs take
 * turns, so a change in the machine's load hits both alike.
 */
@EnabledIfSystemProperty(named = "fc.bench.pages", matches = "\\d+")
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class FirecrackerBenchIT {
    @TempDir
    Path dir;

    @Test
    void pagesPerSecond() throws Exception {
        NativeAssumptions.assumeUserfaultfd();
        int pages = Integer.getInteger("fc.bench.pages");
        int runs = Integer.getInteger("fc.bench.runs", 3);
        Path out = Path.of(System.getProperty("fc.bench.out", "target/fc-bench.jsonl"));
        Path mem = SnapshotPattern.write(dir.resolve("mem"), pages);
        run(mem, Math.max(1, pages / 4), Publishers.none(), "warm-up", null);
        String ref = System.getProperty("fc.bench.ref");
        for (int i = 0; i < runs; i++) {
            if (ref != null) {
                runReference(ref, pages, Path.of(System.getProperty("fc.bench.ref.out", "target/fc-bench-ref.jsonl")));
            }
            run(mem, pages, Publishers.file(dir.resolve("trace-" + i + ".jsonl")), "file", out);
            run(mem, pages, Publishers.none(), "off", out);
        }
    }

    private void run(Path mem, int pages, EventPublisher publisher, String telemetry, Path out) throws Exception {
        Path socket = dir.resolve("bench.sock");
        long nanos;
        ServiceTimes svc;
        long served;
        try (QueueOutbox outbox = new QueueOutbox(publisher, 1 << 16)) {
            FirecrackerHandler handler = FirecrackerHandler.start(socket, mem, outbox, HostIdentity.current());
            // closing the handler (after the VMM) joins every connection: the counts below are final
            try (handler; VmmSide vmm = VmmSide.create(List.of(new VmmSide.Layout(pages, 0)))) {
                vmm.handOff(socket, vmm.regionsJson());
                Mapping guest = vmm.region(0);
                guest.readByte(0); // the first fault also waits for the handoff: not timed
                long t0 = System.nanoTime();
                long sink = 0;
                for (long p = 1; p < pages; p++) {
                    sink += guest.readByte(p * SnapshotPattern.PAGE);
                }
                nanos = System.nanoTime() - t0;
                assertThat(sink).isNotEqualTo(Long.MIN_VALUE);
            }
            svc = handler.finishedServiceTimes();
            served = handler.finishedCounts().served();
        }
        assertThat(served).isEqualTo(pages);
        if (out != null) {
            double secs = nanos / 1e9;
            String line = String.format(Locale.ROOT, "{\"impl\":\"uffdtrace handler\",\"telemetry\":\"%s\",\"pages\":%d,"
                    + "\"seconds\":%.4f,\"pages_per_s\":%.0f,\"svc_p50_ns\":%d,\"svc_p99_ns\":%d}%n", telemetry,
                    pages - 1, secs, (pages - 1) / secs, svc.percentile(0.5), svc.percentile(0.99));
            append(out, line);
        }
    }

    /** One run of the C reference server; its single JSON line appended to {@code out}. */
    private static void runReference(String binary, int pages, Path out) throws Exception {
        Process p = new ProcessBuilder(binary, "copy", Integer.toString(pages))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String line = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).as("%s finished", binary).isTrue();
        assertThat(p.exitValue()).as("%s exit code", binary).isZero();
        append(out, line + System.lineSeparator());
    }

    private static void append(Path out, String line) throws IOException {
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
