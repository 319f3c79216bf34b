package dev.uffdtrace.collector.firecracker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.uffdtrace.analyzer.rules.Finding;
import dev.uffdtrace.analyzer.trace.FaultEvent;
import dev.uffdtrace.collector.linux.NativeAssumptions;
import dev.uffdtrace.collector.loop.HostIdentity;
import dev.uffdtrace.collector.publish.JsonLinesPublisher;
import dev.uffdtrace.collector.publish.QueueOutbox;
import dev.uffdtrace.collector.testing.Replayed;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
 * The balloon working while the guest faults: REMOVE events arrive between page faults in the
 * same reads, and a COPY that meets a pending REMOVE fails EAGAIN and is retried. Whatever the
 * interleaving, every page reads as the file (or zeros once ballooned), every fault is served,
 * and the trace replays without errors.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class BalloonRaceIT {
    private static final int PAGES = 1024;
    private static final int HALF = PAGES / 2;
    private static final int CHUNK = 4;
    private static final int ROUNDS = 3;

    @TempDir
    Path dir;

    @BeforeAll
    static void requireUffd() {
        NativeAssumptions.assumeUserfaultfd();
    }

    @Test
    void faultsAndRemovesInterleaved() throws Exception {
        Path mem = SnapshotPattern.write(dir.resolve("mem"), PAGES);
        Path socket = dir.resolve("fc.sock");
        Path trace = dir.resolve("trace.jsonl");
        ServedCounts counts;
        try (QueueOutbox outbox = new QueueOutbox(new JsonLinesPublisher(trace), 1 << 18);
             FirecrackerHandler handler = FirecrackerHandler.start(socket, mem, outbox, HostIdentity.current())) {
            try (VmmSide vmm = VmmSide.create(List.of(new VmmSide.Layout(PAGES, 0)))) {
                vmm.handOff(socket, vmm.regionsJson());
                ExecutorService pool = Executors.newFixedThreadPool(3);
                try {
                    List<Future<Object>> done = new ArrayList<>();
                    done.add(pool.submit(guest(vmm, 0)));
                    done.add(pool.submit(guest(vmm, 1)));
                    done.add(pool.submit(balloon(vmm)));
                    for (Future<Object> f : done) {
                        f.get(60, TimeUnit.SECONDS);
                    }
                } finally {
                    pool.shutdownNow();
                }
            }
            handler.close();
            counts = handler.finishedCounts();
        }
        assertThat(counts.failed()).isZero();
        assertThat(counts.served()).isEqualTo(counts.faults());
        assertThat(counts.removes()).isEqualTo((long) ROUNDS * HALF / CHUNK);
        Replayed r = Replayed.of(trace);
        assertThat(r.result().findings()).filteredOn(BalloonRaceIT::serious).isEmpty();
        assertThat(r.ofType(FaultEvent.class)).hasSize((int) counts.faults());
        Map<String, Long> groups = r.groupCounts();
        assertThat(groups.getOrDefault("anon/missing-read/COPY", 0L)
                + groups.getOrDefault("anon/missing-read/ZEROPAGE", 0L)
                + groups.getOrDefault("anon/missing-read/WAKE", 0L)).isEqualTo(counts.faults());
        System.out.printf(Locale.ROOT, "balloon race: %s%n", counts);
    }

    private static boolean serious(Finding f) {
        String s = f.severity().toString().toLowerCase(Locale.ROOT);
        return s.equals("error") || s.equals("critical");
    }

    /** Reads the first half, {@code ROUNDS} times over, each thread its own interleaved share. */
    private static Callable<Object> guest(VmmSide vmm, int share) {
        return () -> {
            for (int round = 0; round < ROUNDS; round++) {
                for (int p = share; p < HALF; p += 2) {
                    assertThat(SnapshotPattern.mismatch(vmm.read(0, p), SnapshotPattern.page(p)))
                            .as("page %d", p).isNull();
                }
            }
            return null;
        };
    }

    /** Second half, chunk by chunk: read (COPY), balloon (REMOVE), read again (zeros); repeated. */
    private static Callable<Object> balloon(VmmSide vmm) {
        return () -> {
            byte[] zeros = new byte[SnapshotPattern.PAGE];
            for (int round = 0; round < ROUNDS; round++) {
                for (int c = HALF; c < PAGES; c += CHUNK) {
                    byte[] first = round == 0 ? SnapshotPattern.page(c) : zeros;
                    assertThat(SnapshotPattern.mismatch(vmm.read(0, c), first)).as("page %d before", c).isNull();
                    vmm.balloon(0, c, CHUNK);
                    assertThat(SnapshotPattern.mismatch(vmm.read(0, c), zeros)).as("page %d after", c).isNull();
                }
            }
            return null;
        };
    }
}
