package dev.uffdtrace.collector.firecracker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.uffdtrace.analyzer.trace.OpenEvent;
import dev.uffdtrace.collector.linux.Fd;
import dev.uffdtrace.collector.linux.NativeAssumptions;
import dev.uffdtrace.collector.linux.NativeException;
import dev.uffdtrace.collector.loop.HostIdentity;
import dev.uffdtrace.collector.publish.JsonLinesPublisher;
import dev.uffdtrace.collector.publish.QueueOutbox;
import dev.uffdtrace.collector.testing.Replayed;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The handler itself (no command line) on the live kernel: bad handoffs are refused and the
 * handler goes on serving; a stale socket file is replaced; two VMMs are served at once, each
 * its own ctx; a VMM that exits is noticed without stopping the handler.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HandoffRefusalIT {
    private static final int FILE_PAGES = 64;

    @TempDir
    Path dir;

    @BeforeAll
    static void requireUffd() {
        NativeAssumptions.assumeUserfaultfd();
    }

    private static void assertPagesServed(VmmSide vmm, int region, int pages) {
        for (int p = 0; p < pages; p++) {
            assertThat(SnapshotPattern.mismatch(vmm.read(region, p), SnapshotPattern.page(vmm.filePage(region, p))))
                    .as("page %d", p).isNull();
        }
    }

    /** Waits until the connection is refused, i.e. the handler closed our end: recv sees end of stream. */
    private static void assertClosedByHandler(UnixSocket s) throws NativeException {
        com.sun.jna.Memory buf = new com.sun.jna.Memory(64);
        Received r = s.receive(buf, 0, 64, 10_000).orElseThrow(() -> new AssertionError("connection still open"));
        assertThat(r.bytes()).isZero();
    }

    @Test
    void malformedHandoffsAreRefusedAndTheNextVmmIsServed() throws Exception {
        Path mem = SnapshotPattern.write(dir.resolve("mem"), FILE_PAGES);
        Path socket = dir.resolve("fc.sock");
        Path trace = dir.resolve("trace.jsonl");
        try (QueueOutbox outbox = new QueueOutbox(new JsonLinesPublisher(trace), 1 << 16);
             FirecrackerHandler handler = FirecrackerHandler.start(socket, mem, outbox, HostIdentity.current())) {
            try (VmmSide bad = VmmSide.create(List.of(new VmmSide.Layout(8, 0)));
                 UnixSocket noFd = UnixSocket.connect(socket);
                 UnixSocket badJson = UnixSocket.connect(socket);
                 UnixSocket silent = UnixSocket.connect(socket);
                 UnixSocket notUffd = UnixSocket.connect(socket);
                 Fd memfd = Fd.memfd("not-a-uffd", 4096, 0)) {
                noFd.send(bad.regionsJson().getBytes(StandardCharsets.UTF_8), -1);
                assertClosedByHandler(noFd);
                badJson.send("[{\"base_host_virt_addr\":".getBytes(StandardCharsets.UTF_8), -1);
                silent.send(new byte[0], -1);
                notUffd.send(bad.regionsJson().getBytes(StandardCharsets.UTF_8), memfd.fd());
                assertClosedByHandler(notUffd);
                bad.handOff(socket, bad.regionsJson().replace("\"offset\":0", "\"offset\":" + FILE_PAGES * 4096L));
                badJson.close();
            }
            awaitRefused(handler, 5);
            try (VmmSide good = VmmSide.create(List.of(new VmmSide.Layout(16, 4)))) {
                good.handOff(socket, good.regionsJson());
                assertPagesServed(good, 0, 16);
            }
            awaitFinished(handler, 1);
            assertThat(handler.refused()).isEqualTo(5);
            assertThat(handler.finishedCounts().served()).isEqualTo(16);
        }
        assertThat(Files.exists(socket)).as("socket removed at close").isFalse();
        Replayed r = Replayed.of(trace);
        assertThat(r.ofType(OpenEvent.class)).as("one ctx: refused handoffs leave no trace").hasSize(1);
        assertThat(r.rules()).isEmpty();
    }

    @Test
    void aStaleSocketFileIsReplacedButALiveOneOrAnotherFileIsNot() throws Exception {
        Path mem = SnapshotPattern.write(dir.resolve("mem"), FILE_PAGES);
        Path socket = dir.resolve("fc.sock");
        UnixSocket.listen(socket, 1).close(); // a handler that died leaves its socket file behind
        assertThat(Files.exists(socket)).isTrue();
        try (QueueOutbox outbox = new QueueOutbox(new JsonLinesPublisher(dir.resolve("t1.jsonl")), 1024);
             FirecrackerHandler handler = FirecrackerHandler.start(socket, mem, outbox, HostIdentity.current())) {
            try (VmmSide vmm = VmmSide.create(List.of(new VmmSide.Layout(4, 0)))) {
                vmm.handOff(socket, vmm.regionsJson());
                assertPagesServed(vmm, 0, 4);
            }
            assertThatThrownBy(() -> FirecrackerHandler.start(socket, mem, outbox, HostIdentity.current()))
                    .hasMessageContaining("is in use");
            try (VmmSide vmm = VmmSide.create(List.of(new VmmSide.Layout(4, 0)))) {
                vmm.handOff(socket, vmm.regionsJson());
                assertPagesServed(vmm, 0, 4);
            }
        }
        Path plain = dir.resolve("plain");
        Files.writeString(plain, "keep me");
        try (QueueOutbox outbox = new QueueOutbox(new JsonLinesPublisher(dir.resolve("t2.jsonl")), 1024)) {
            assertThatThrownBy(() -> FirecrackerHandler.start(plain, mem, outbox, HostIdentity.current()))
                    .hasMessageContaining("is not a socket");
        }
        assertThat(Files.readString(plain)).isEqualTo("keep me");
    }

    @Test
    void twoVmmsAtOnceEachTheirOwnCtx() throws Exception {
        Path mem = SnapshotPattern.write(dir.resolve("mem"), FILE_PAGES);
        Path socket = dir.resolve("fc.sock");
        Path trace = dir.resolve("trace.jsonl");
        int pages = 32;
        try (QueueOutbox outbox = new QueueOutbox(new JsonLinesPublisher(trace), 1 << 16);
             FirecrackerHandler handler = FirecrackerHandler.start(socket, mem, outbox, HostIdentity.current());
             VmmSide a = VmmSide.create(List.of(new VmmSide.Layout(pages, 0)));
             VmmSide b = VmmSide.create(List.of(new VmmSide.Layout(pages, 32)))) {
            a.handOff(socket, a.regionsJson());
            b.handOff(socket, b.regionsJson());
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                List<Future<Object>> done = new ArrayList<>();
                for (VmmSide v : List.of(a, b)) {
                    done.add(pool.submit((Callable<Object>) () -> {
                        assertPagesServed(v, 0, pages);
                        return null;
                    }));
                }
                for (Future<Object> f : done) {
                    f.get(30, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
        }
        Replayed r = Replayed.of(trace);
        assertThat(r.ofType(OpenEvent.class)).extracting(e -> e.envelope().ctx()).doesNotHaveDuplicates().hasSize(2);
        assertThat(r.rules()).isEmpty();
        assertThat(r.groupCounts()).containsExactlyEntriesOf(java.util.Map.of("anon/missing-read/COPY", 2L * pages));
    }

    @Test
    void aVmmThatExitsIsNoticedWhileTheHandlerRuns() throws Exception {
        Path mem = SnapshotPattern.write(dir.resolve("mem"), FILE_PAGES);
        Path socket = dir.resolve("fc.sock");
        try (QueueOutbox outbox = new QueueOutbox(new JsonLinesPublisher(dir.resolve("t.jsonl")), 1 << 16);
             FirecrackerHandler handler = FirecrackerHandler.start(socket, mem, outbox, HostIdentity.current())) {
            try (VmmSide vmm = VmmSide.create(List.of(new VmmSide.Layout(8, 0)))) {
                vmm.handOff(socket, vmm.regionsJson());
                assertPagesServed(vmm, 0, 8);
            }
            awaitFinished(handler, 1);
            assertThat(handler.finishedCounts().served()).isEqualTo(8);
        }
    }

    /** Waits (bounded) until {@code n} handoffs were refused. */
    private static void awaitRefused(FirecrackerHandler handler, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (handler.refused() < n) {
            assertThat(System.nanoTime()).as("%d handoffs refused within 10 s", n).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    /** Waits (bounded) until {@code n} served connections have ended. */
    private static void awaitFinished(FirecrackerHandler handler, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (handler.finishedConnections() < n) {
            assertThat(System.nanoTime()).as("connections ended within 10 s").isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
