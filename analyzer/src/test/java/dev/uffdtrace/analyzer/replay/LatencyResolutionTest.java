package dev.uffdtrace.analyzer.replay;

import static dev.uffdtrace.analyzer.Replays.replay618;
import static dev.uffdtrace.analyzer.TraceBuilder.BASE;
import static dev.uffdtrace.analyzer.TraceBuilder.PAGE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.uffdtrace.analyzer.TraceBuilder;
import dev.uffdtrace.analyzer.stats.GroupKey;
import dev.uffdtrace.analyzer.stats.LatencyHistogram;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Resolution as TRACE-FORMAT defines it: which events wake which faults, and what is measured. */
class LatencyResolutionTest {
    private static TraceBuilder anon() {
        return TraceBuilder.ctx("c").open().register(BASE, 64 * PAGE, "anon", "MISSING", "WP");
    }

    private static Map<GroupKey, LatencyHistogram> groups(TraceBuilder t) {
        return replay618(t.events()).latency().groups();
    }

    @Test
    void latencyIsMonoOfTheWakeMinusMonoOfTheFault() {
        // builder steps 10 us per event; 5 ms pass before the copy
        var g = groups(anon().fault(BASE).after(5_000_000).ioctl("COPY", BASE, PAGE, "ok"));
        LatencyHistogram h = g.get(new GroupKey("anon", "missing-read", "COPY"));
        assertThat(h.count()).isEqualTo(1);
        assertThat(h.max()).isEqualTo(5_010_000);
    }

    @Test
    void dontwakeWakesNothingAndTheLaterWakeResolves() {
        var g = groups(anon().fault(BASE, "WRITE").ioctl("COPY", BASE, PAGE, "ok", "DONTWAKE").ioctl("WAKE", BASE, PAGE, "ok"));
        assertThat(g).containsOnlyKeys(new GroupKey("anon", "missing-write", "WAKE"));
    }

    @Test
    void aPartialCopyWakesOnlyTheBytesItDid() {
        var r = replay618(anon().fault(BASE).fault(BASE + 2 * PAGE)
                .ioctlBytes("COPY", BASE, 4 * PAGE, "EAGAIN", 2 * PAGE).events());
        assertThat(r.latency().totalCount()).isEqualTo(1);
        assertThat(r.outstanding()).isEqualTo(1);
    }

    @Test
    void aFailedCallWithZeroBytesWakesNothing() {
        var r = replay618(anon().fault(BASE).ioctlBytes("ZEROPAGE", BASE, PAGE, "EEXIST", 0).events());
        assertThat(r.outstanding()).isEqualTo(1);
    }

    @Test
    void severalFaultsOnOnePageAreAllResolvedByOneWake() {
        var g = groups(anon().fault(BASE).fault(BASE + 8).fault(BASE + 100, "WRITE").ioctl("ZEROPAGE", BASE, PAGE, "ok"));
        assertThat(g.get(new GroupKey("anon", "missing-read", "ZEROPAGE")).count()).isEqualTo(2);
        assertThat(g.get(new GroupKey("anon", "missing-write", "ZEROPAGE")).count()).isEqualTo(1);
    }

    @Test
    void writeprotectOnlyWakesWhenItUnprotects() {
        var r = replay618(anon().fault(BASE, "WRITE", "WP").ioctl("WRITEPROTECT", BASE, PAGE, "ok", "WP").events());
        assertThat(r.outstanding()).isEqualTo(1);
        var g = groups(anon().fault(BASE, "WRITE", "WP").ioctl("WRITEPROTECT", BASE, PAGE, "ok"));
        assertThat(g).containsOnlyKeys(new GroupKey("anon", "wp", "WRITEPROTECT"));
    }

    @Test
    void unregisterWakesItsRangeAsUnregister() {
        var g = groups(anon().fault(BASE).unregister(BASE, 64 * PAGE));
        assertThat(g).containsOnlyKeys(new GroupKey("anon", "missing-read", "UNREGISTER"));
    }

    @Test
    void closeResolvesTheRestOutsideTheGroups() {
        var r = replay618(anon().fault(BASE).fault(BASE + PAGE).ioctl("ZEROPAGE", BASE, PAGE, "ok").close().events());
        assertThat(r.resolvedByClose()).isEqualTo(1);
        assertThat(r.latency().totalCount()).isEqualTo(1);
        assertThat(r.outstanding()).isZero();
    }

    @Test
    void aHugePageIsOnlyWokenByARangeCoveringAllOfIt() {
        long huge = 2 << 20;
        TraceBuilder t = TraceBuilder.ctx("c").open().register(BASE, 2 * huge, "hugetlb", "MISSING")
                .fault(BASE + 5 * PAGE).ioctl("WAKE", BASE, PAGE, "ok");
        assertThat(replay618(t.events()).outstanding()).isEqualTo(1);
        t.ioctl("COPY", BASE, huge, "ok");
        var r = replay618(t.events());
        assertThat(r.latency().groups()).containsOnlyKeys(new GroupKey("hugetlb", "missing-read", "COPY"));
    }

    @Test
    void theMemIsThatOfTheRegistrationWhenTheFaultHappened() {
        var g = groups(TraceBuilder.ctx("c").open().register(BASE, PAGE, "shmem", "MINOR").fault(BASE, "MINOR")
                .ioctl("CONTINUE", BASE, PAGE, "ok"));
        assertThat(g).containsOnlyKeys(new GroupKey("shmem", "minor", "CONTINUE"));
        var outside = groups(anon().fault(BASE + 100 * PAGE).ioctl("WAKE", BASE + 100 * PAGE, PAGE, "ok"));
        assertThat(outside).containsOnlyKeys(new GroupKey("other", "missing-read", "WAKE"));
    }

    @Test
    void eventsAfterCloseAreDeadLetters() {
        var dead = new java.util.ArrayList<dev.uffdtrace.analyzer.trace.DeadLetter>();
        var r = dev.uffdtrace.analyzer.Replays.replay(anon().close().fault(BASE).events(), ReplaySettings.defaults(), dead);
        assertThat(dead).hasSize(1);
        assertThat(dead.get(0).reason()).contains("above that of its close");
        assertThat(r.invalid()).isEqualTo(1);
        assertThat(r.events()).isEqualTo(3);
    }
}
