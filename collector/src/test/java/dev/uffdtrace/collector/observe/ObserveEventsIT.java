package dev.uffdtrace.collector.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.uffdtrace.analyzer.trace.MemType;
import dev.uffdtrace.analyzer.trace.TraceEvent;
import dev.uffdtrace.analyzer.trace.UffdMessageEvent;
import dev.uffdtrace.collector.linux.Mapping;
import dev.uffdtrace.collector.linux.NativeAssumptions;
import dev.uffdtrace.collector.linux.Sys;
import dev.uffdtrace.collector.linux.Uapi;
import dev.uffdtrace.collector.loop.FaultLoop;
import dev.uffdtrace.collector.loop.HostIdentity;
import dev.uffdtrace.collector.loop.ResolvePolicy;
import dev.uffdtrace.collector.loop.UffdSession;
import dev.uffdtrace.collector.publish.JsonLinesPublisher;
import dev.uffdtrace.collector.publish.QueueOutbox;
import dev.uffdtrace.collector.testing.Replayed;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * REMOVE (madvise DONTNEED), REMAP and UNMAP (a moving mremap), UNMAP (munmap) on a real uffd
 * served by the collector's fault loop: the observer sees the same non-fault events, in order,
 * as the collector recorded.
 */
class ObserveEventsIT {
    private static final long PAGE = 4096;

    @TempDir
    Path dir;

    @BeforeAll
    static void requireBpf() {
        NativeAssumptions.assumeUserfaultfd();
        String reason = BpfObject.unavailableReason();
        assumeTrue(reason == null, reason);
    }

    @Test
    void removeRemapAndUnmapAsTheCollectorSawThem() throws Exception {
        Path own = dir.resolve("own.jsonl");
        Path seen = dir.resolve("observed.jsonl");
        HostIdentity host = HostIdentity.current();
        long features = Uapi.FEATURE_EVENT_REMAP | Uapi.FEATURE_EVENT_REMOVE | Uapi.FEATURE_EVENT_UNMAP;
        try (QueueOutbox seenOut = new QueueOutbox(new JsonLinesPublisher(seen), 1 << 16);
             Observer observer = Observer.start(host, seenOut,
                     new Observer.Options((int) ProcessHandle.current().pid(), false, 64))) {
            try (QueueOutbox ownOut = new QueueOutbox(new JsonLinesPublisher(own), 1 << 16);
                 UffdSession s = UffdSession.open(host, ownOut, UffdSession.VIA_SYSCALL, features);
                 Mapping area = Mapping.anonymous(8 * PAGE, Uapi.MAP_PRIVATE);
                 Mapping target = Mapping.anonymous(8 * PAGE, Uapi.MAP_PRIVATE)) {
                assertThat(s.register(area.address(), area.length(), MemType.ANON, PAGE, Uapi.REGISTER_MODE_MISSING,
                        null).ok()).isTrue();
                FaultLoop loop = new FaultLoop(s, ResolvePolicy.zeropage());
                Thread handler = loop.start();
                area.readByte(0); // one fault, resolved by the loop
                Sys.madvise(area.address(), 2 * PAGE, Uapi.MADV_DONTNEED); // REMOVE
                Sys.mremapTo(area.address(), 4 * PAGE, 4 * PAGE, target.address()); // REMAP (+ UNMAP)
                Sys.munmap(area.address() + 4 * PAGE, 4 * PAGE); // UNMAP
                target.release(); // the first half now lives there; munmap it ourselves
                Sys.munmap(target.address(), 8 * PAGE); // UNMAP of the moved range
                loop.stopAndJoin(handler);
                area.release();
            }
            observer.stop();
        }
        Replayed mine = Replayed.of(own);
        Replayed theirs = Replayed.of(seen);
        List<String> kinds = kinds(mine.events());
        assertThat(kinds).contains("REMOVE", "REMAP", "UNMAP");
        assertThat(kinds(theirs.events())).isEqualTo(kinds);
        assertThat(theirs.ofType(UffdMessageEvent.class)).extracting(e -> e.start() + ":" + e.end() + ":" + e.from())
                .isEqualTo(mine.ofType(UffdMessageEvent.class).stream()
                        .map(e -> e.start() + ":" + e.end() + ":" + e.from()).toList());
        assertThat(theirs.groupCounts()).isEqualTo(mine.groupCounts());
        assertThat(theirs.rules()).isEqualTo(mine.rules());
    }

    private static List<String> kinds(List<TraceEvent> events) {
        return events.stream().map(e -> e instanceof UffdMessageEvent u ? u.kind() : e.type()).toList();
    }
}
