package dev.uffdtrace.collector.loop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.uffdtrace.analyzer.trace.CloseEvent;
import dev.uffdtrace.analyzer.trace.FaultEvent;
import dev.uffdtrace.analyzer.trace.LossEvent;
import dev.uffdtrace.analyzer.trace.MemType;
import dev.uffdtrace.analyzer.trace.OpenEvent;
import dev.uffdtrace.analyzer.trace.RegisterEvent;
import dev.uffdtrace.analyzer.trace.TraceEvent;
import dev.uffdtrace.analyzer.trace.UffdMessageEvent;
import dev.uffdtrace.collector.linux.Mapping;
import dev.uffdtrace.collector.linux.NativeAssumptions;
import dev.uffdtrace.collector.linux.Sys;
import dev.uffdtrace.collector.linux.Uapi;
import dev.uffdtrace.collector.publish.EventPublisher;
import dev.uffdtrace.collector.publish.JsonLinesPublisher;
import dev.uffdtrace.collector.publish.QueueOutbox;
import dev.uffdtrace.collector.testing.Replayed;
import dev.uffdtrace.collector.workload.WorkloadEnv;
import dev.uffdtrace.collector.workload.WorkloadParams;
import dev.uffdtrace.collector.workload.WorkloadResult;
import dev.uffdtrace.collector.workload.Workloads;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The loop's handling of non-pagefault messages and of a full publishing queue, on the live kernel. */
class FaultLoopEventsIT {
    private static final long PAGE = 4096;
    private static final long EVENTS = Uapi.FEATURE_EVENT_FORK | Uapi.FEATURE_EVENT_REMAP
            | Uapi.FEATURE_EVENT_REMOVE | Uapi.FEATURE_EVENT_UNMAP;

    @TempDir
    Path dir;

    @BeforeAll
    static void requireUffd() {
        NativeAssumptions.assumeUserfaultfd();
    }

    @Test
    void remapRemoveAndUnmapFollowTheRegistrations() throws Exception {
        Path trace = dir.resolve("events.jsonl");
        try (QueueOutbox out = new QueueOutbox(new JsonLinesPublisher(trace), 1024);
             UffdSession s = UffdSession.open(HostIdentity.current(), out, UffdSession.VIA_DEV, EVENTS)) {
            assertThat(s.apiOk()).isTrue();
            // a hole to mremap into, and the registered area
            Mapping target = Mapping.anonymous(4 * PAGE, Uapi.MAP_PRIVATE);
            Mapping area = Mapping.anonymous(4 * PAGE, Uapi.MAP_PRIVATE);
            assertThat(s.register(area.address(), area.length(), MemType.ANON, PAGE, Uapi.REGISTER_MODE_MISSING,
                    "area").ok()).isTrue();
            FaultLoop loop = new FaultLoop(s, ResolvePolicy.zeropage());
            Thread handler = loop.start();
            area.readByte(0);                                                   // missing fault
            Sys.madvise(area.address(), PAGE, Uapi.MADV_DONTNEED);              // REMOVE
            long moved = Sys.mremapTo(area.address(), area.length(), area.length(), target.address()); // REMAP+UNMAP
            target.release();
            area.release();
            Mapping now = Mapping.adopt(moved, 4 * PAGE);
            now.readByte(2 * PAGE);                                             // faults at the new place
            Sys.munmap(moved + 3 * PAGE, PAGE);                                 // UNMAP
            loop.stopAndJoin(handler);
            assertThat(s.regions().snapshot()).singleElement().satisfies(r -> {
                assertThat(r.start()).isEqualTo(moved);
                assertThat(r.len()).isEqualTo(3 * PAGE);
            });
            s.unregister(moved, 3 * PAGE);
            Sys.munmap(moved, 3 * PAGE);
        }
        Replayed r = Replayed.of(trace);
        List<String> kinds = r.ofType(UffdMessageEvent.class).stream().map(UffdMessageEvent::kind).toList();
        assertThat(kinds).containsExactly("REMOVE", "REMAP", "UNMAP", "UNMAP");
        assertThat(r.ofType(FaultEvent.class)).hasSize(2);
        assertThat(r.rules()).isEmpty();
        assertThat(r.groupCounts()).containsExactlyEntriesOf(java.util.Map.of("anon/missing-read/ZEROPAGE", 2L));
        assertThat(r.ofType(OpenEvent.class).get(0).via()).isEqualTo("dev");
    }

    @Test
    void forkStartsAChildContextWithInheritedRegistrations() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getProperty("os.arch").equals("amd64"),
                "the raw fork system call is bound for x86_64 only");
        Path trace = dir.resolve("fork.jsonl");
        try (QueueOutbox out = new QueueOutbox(new JsonLinesPublisher(trace), 1024);
             UffdSession s = UffdSession.open(HostIdentity.current(), out, UffdSession.VIA_SYSCALL,
                     Uapi.FEATURE_EVENT_FORK);
             Mapping area = Mapping.anonymous(4 * PAGE, Uapi.MAP_PRIVATE)) {
            assertThat(s.register(area.address(), area.length(), MemType.ANON, PAGE, Uapi.REGISTER_MODE_MISSING,
                    "area").ok()).isTrue();
            FaultLoop loop = new FaultLoop(s, ResolvePolicy.zeropage());
            Thread handler = loop.start();
            int child = Sys.forkChildThatExits(); // returns once the loop has read the FORK message
            Sys.reap(child, 5000);
            loop.stopAndJoin(handler);
            s.unregister(area.address(), area.length());
        }
        Replayed r = Replayed.of(trace);
        UffdMessageEvent fork = r.ofType(UffdMessageEvent.class).stream().filter(e -> e.kind().equals("FORK"))
                .findFirst().orElseThrow();
        List<TraceEvent> childStream = r.events().stream().filter(e -> e.ctx().equals(fork.child())).toList();
        assertThat(childStream).hasSize(3);
        assertThat(childStream.get(0)).isInstanceOfSatisfying(OpenEvent.class, o -> {
            assertThat(o.via()).isEqualTo("fork");
            assertThat(o.parent()).isEqualTo(fork.ctx());
            assertThat(o.requested()).containsExactly("EVENT_FORK");
            assertThat(o.seq()).isZero();
        });
        assertThat(childStream.get(1)).isInstanceOfSatisfying(RegisterEvent.class, g -> {
            assertThat(g.inherited()).isTrue();
            assertThat(g.result()).isEqualTo("ok");
            assertThat(g.len()).isEqualTo(4 * PAGE);
        });
        assertThat(childStream.get(2)).isInstanceOf(CloseEvent.class);
        assertThat(r.rules()).isEmpty();
        assertThat(r.result().contexts()).isEqualTo(2);
    }

    @Test
    void aFullQueueBecomesLossEventsThatAccountForEveryDroppedEvent() throws Exception {
        Path trace = dir.resolve("loss.jsonl");
        WorkloadResult result;
        JsonLinesPublisher file = new JsonLinesPublisher(trace);
        EventPublisher slow = new EventPublisher() { // 0.2 ms an event: far slower than the loop
            @Override
            public void publish(TraceEvent e) throws java.io.IOException {
                java.util.concurrent.locks.LockSupport.parkNanos(200_000);
                file.publish(e);
            }

            @Override
            public void flush() throws java.io.IOException {
                file.flush();
            }

            @Override
            public void close() throws java.io.IOException {
                file.close();
            }
        };
        try (QueueOutbox out = new QueueOutbox(slow, 1)) {
            result = Workloads.byName("zeropage").run(new WorkloadEnv(HostIdentity.current(), out,
                    WorkloadParams.of(2000, 1)));
        }
        Replayed r = Replayed.of(trace);
        List<LossEvent> losses = r.ofType(LossEvent.class);
        long dropped = losses.stream().mapToLong(LossEvent::dropped).sum();
        long published = r.events().size() - losses.size();
        // each fault makes a fault and an ioctl event; plus open, register, unregister, close
        assertThat(published + dropped).isEqualTo(2 * result.faults() + 4);
        assertThat(r.deadLetters()).isEmpty();
        assertThat(r.events().stream().map(TraceEvent::seq).toList())
                .isEqualTo(java.util.stream.LongStream.range(0, r.events().size()).boxed().toList());
        assertThat(dropped).isPositive();
        assertThat(r.findings("EVENTS_LOST")).hasSameSizeAs(losses);
    }
}
