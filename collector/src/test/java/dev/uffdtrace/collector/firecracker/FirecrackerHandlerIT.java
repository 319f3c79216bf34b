package dev.uffdtrace.collector.firecracker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.uffdtrace.analyzer.rules.Finding;
import dev.uffdtrace.analyzer.trace.CloseEvent;
import dev.uffdtrace.analyzer.trace.FaultEvent;
import dev.uffdtrace.analyzer.trace.IoctlEvent;
import dev.uffdtrace.analyzer.trace.LossEvent;
import dev.uffdtrace.analyzer.trace.MemType;
import dev.uffdtrace.analyzer.trace.OpenEvent;
import dev.uffdtrace.analyzer.trace.RegisterEvent;
import dev.uffdtrace.analyzer.trace.TraceEvent;
import dev.uffdtrace.analyzer.trace.UffdMessageEvent;
import dev.uffdtrace.collector.cli.HandlerCommand;
import dev.uffdtrace.collector.linux.NativeAssumptions;
import dev.uffdtrace.collector.testing.Replayed;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The handler command in-process against a VMM played in Java on the live kernel: pages read
 * from several threads come back as the snapshot file has them, ballooned pages come back as
 * zeros, and the trace replays clean against linux-6.18 with the right latency groups.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FirecrackerHandlerIT {
    private static final int FILE_PAGES = 160;
    /** region-0: 96 pages from file page 48; region-1: 32 pages from file page 0. */
    private static final List<VmmSide.Layout> LAYOUT = List.of(new VmmSide.Layout(96, 48), new VmmSide.Layout(32, 0));
    private static final int TOUCHERS = 4;
    private static final int BALLOON_FIRST = 8;
    private static final int BALLOON_PAGES = 16;

    @TempDir
    Path dir;

    @BeforeAll
    static void requireUffd() {
        NativeAssumptions.assumeUserfaultfd();
    }

    /** The command on its own thread; its output captured. */
    private record Running(HandlerCommand command, Thread thread, StringWriter out, StringWriter err, int[] exit) {
        String stopAndWait() throws InterruptedException {
            command.requestStop();
            thread.join(20_000);
            assertThat(thread.isAlive()).as("handler still running after stop").isFalse();
            assertThat(exit[0]).as("exit code; stderr: " + err).isZero();
            return out.toString().trim();
        }
    }

    private Running startHandler(Path socket, Path mem, Path trace) throws InterruptedException {
        HandlerCommand command = new HandlerCommand();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(command).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
        int[] exit = {-1};
        Thread t = new Thread(() -> exit[0] = cl.execute("--socket", socket.toString(), "--mem-file", mem.toString(),
                "--out", trace.toString()), "handler-command");
        t.setDaemon(true);
        t.start();
        assertThat(command.awaitListening(10_000)).as("listening; stderr: " + err).isTrue();
        return new Running(command, t, out, err, exit);
    }

    @Test
    void servesSnapshotPagesAndZerosAfterBalloonWithACleanTrace() throws Exception {
        Path mem = SnapshotPattern.write(dir.resolve("mem"), FILE_PAGES);
        Path socket = dir.resolve("fc.sock");
        Files.writeString(socket, "");
        Files.delete(socket);
        Path trace = dir.resolve("trace.jsonl");
        Running handler = startHandler(socket, mem, trace);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket))).isEqualTo("rw-------");

        int copied;
        try (VmmSide vmm = VmmSide.create(LAYOUT)) {
            vmm.handOff(socket, vmm.regionsJson());
            copied = touchAllFromThreads(vmm);
            vmm.balloon(0, BALLOON_FIRST, BALLOON_PAGES);
            for (int p = 0; p < LAYOUT.get(0).pages(); p++) {
                boolean ballooned = p >= BALLOON_FIRST && p < BALLOON_FIRST + BALLOON_PAGES;
                byte[] expected = ballooned ? new byte[SnapshotPattern.PAGE] : SnapshotPattern.page(vmm.filePage(0, p));
                assertThat(SnapshotPattern.mismatch(vmm.read(0, p), expected)).as("page %d after the balloon", p).isNull();
            }
        }
        JsonNode totals = new ObjectMapper().readTree(handler.stopAndWait());

        assertThat(totals.get("connections").asLong()).isEqualTo(1);
        assertThat(totals.get("failed").asLong()).isZero();
        assertThat(totals.get("faults").asLong()).isEqualTo(copied + BALLOON_PAGES);
        assertThat(totals.get("served").asLong()).isEqualTo(totals.get("faults").asLong());
        assertThat(totals.get("copies").asLong()).isEqualTo(copied);
        assertThat(totals.get("zeropages").asLong()).isEqualTo(BALLOON_PAGES);
        assertThat(totals.get("removes").asLong()).isEqualTo(1);

        Replayed r = Replayed.of(trace);
        assertThat(r.deadLetters()).isEmpty();
        assertThat(r.result().findings()).filteredOn(FirecrackerHandlerIT::serious).isEmpty();
        assertThat(r.ofType(LossEvent.class)).as("events dropped").isEmpty();
        assertThat(r.ofType(FaultEvent.class)).hasSize((int) totals.get("faults").asLong());
        assertThat(r.groupCounts()).containsEntry("anon/missing-read/COPY", (long) copied)
                .containsEntry("anon/missing-read/ZEROPAGE", (long) BALLOON_PAGES);
        assertThat(r.result().outstanding()).isZero();
        assertHandoffShape(r);
    }

    private static boolean serious(Finding f) {
        String s = f.severity().toString().toLowerCase(java.util.Locale.ROOT);
        return s.equals("error") || s.equals("critical");
    }

    /** Every page of both regions read once, each thread its own interleaved share; the pages read. */
    private static int touchAllFromThreads(VmmSide vmm) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(TOUCHERS);
        try {
            List<Future<Integer>> done = new ArrayList<>();
            for (int t = 0; t < TOUCHERS; t++) {
                int share = t;
                done.add(pool.submit(() -> {
                    int n = 0;
                    for (int region = 0; region < LAYOUT.size(); region++) {
                        for (int p = share; p < LAYOUT.get(region).pages(); p += TOUCHERS) {
                            assertThat(SnapshotPattern.mismatch(vmm.read(region, p),
                                    SnapshotPattern.page(vmm.filePage(region, p)))).as("region %d page %d", region, p).isNull();
                            n++;
                        }
                    }
                    return n;
                }));
            }
            int pages = 0;
            for (Future<Integer> f : done) {
                pages += f.get(30, TimeUnit.SECONDS);
            }
            return pages;
        } finally {
            pool.shutdownNow();
        }
    }

    private void assertHandoffShape(Replayed r) {
        OpenEvent open = r.ofType(OpenEvent.class).get(0);
        assertThat(open.via()).isEqualTo(OpenEvent.VIA_HANDOFF);
        assertThat(open.pid()).isEqualTo(ProcessHandle.current().pid());
        assertThat(open.requested()).containsExactly("EVENT_REMOVE");
        assertThat(open.result()).isEqualTo("ok");
        assertThat(open.features()).contains("EVENT_REMOVE", "MOVE");
        assertThat(r.ofType(RegisterEvent.class)).extracting(RegisterEvent::region).containsExactly("region-0", "region-1");
        assertThat(r.ofType(RegisterEvent.class)).allSatisfy(reg -> {
            assertThat(reg.mem()).isEqualTo(MemType.ANON);
            assertThat(reg.modes()).containsExactly("MISSING");
            assertThat(reg.pageSize()).isEqualTo(4096);
        });
        UffdMessageEvent remove = r.ofType(UffdMessageEvent.class).get(0);
        RegisterEvent region0 = r.ofType(RegisterEvent.class).stream().filter(e -> e.region().equals("region-0"))
                .findFirst().orElseThrow();
        assertThat(remove.kind()).isEqualTo(UffdMessageEvent.REMOVE);
        assertThat(remove.start()).isEqualTo(region0.start() + BALLOON_FIRST * 4096L);
        assertThat(remove.end()).isEqualTo(region0.start() + (BALLOON_FIRST + BALLOON_PAGES) * 4096L);
        assertThat(r.ofType(IoctlEvent.class)).allSatisfy(i -> {
            assertThat(i.result()).isEqualTo("ok");
            assertThat(i.durNanos()).isNotNull();
            assertThat(i.bytes()).isEqualTo(4096L);
        });
        List<TraceEvent> events = r.events();
        assertThat(events.get(events.size() - 1)).isInstanceOf(CloseEvent.class);
    }
}
