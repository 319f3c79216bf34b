package dev.uffdtrace.analyzer.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.uffdtrace.analyzer.trace.Envelope;
import dev.uffdtrace.analyzer.trace.FaultEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Wakes of one page (the lookup fast path) against pages of several sizes on the same start. */
class OutstandingFaultsTest {
    private static final long HUGE = 2L << 20;
    private long seq;

    private PendingFault fault(long page, long pageSize) {
        seq++;
        return new PendingFault(new FaultEvent(new Envelope("c", seq, seq, seq), page, List.of(), null), page,
                pageSize, "anon");
    }

    @Test
    void aOnePageWakeTakesOnlyThePagesInsideIt() {
        OutstandingFaults o = new OutstandingFaults();
        PendingFault small = fault(HUGE, 4096);
        PendingFault big = fault(HUGE, HUGE);
        PendingFault small2 = fault(HUGE, 4096);
        PendingFault next = fault(HUGE + 4096, 4096);
        o.add(small);
        o.add(big);
        o.add(small2);
        o.add(next);

        assertThat(o.wake(HUGE, HUGE + 4096)).containsExactly(small, small2);
        assertThat(o.size()).isEqualTo(2);
        assertThat(o.wake(HUGE, HUGE + 4096)).isEmpty();
        assertThat(o.all()).containsExactly(big, next);
        assertThat(o.wake(HUGE, HUGE + HUGE)).containsExactly(big, next);
        assertThat(o.size()).isZero();
    }

    @Test
    void hugePagesAloneAreWokenByAOnePageWake() {
        OutstandingFaults o = new OutstandingFaults();
        PendingFault a = fault(HUGE, HUGE);
        PendingFault b = fault(2 * HUGE, HUGE);
        o.add(a);
        o.add(b);
        assertThat(o.wake(HUGE, HUGE + 4096)).isEmpty();
        assertThat(o.wake(2 * HUGE, 3 * HUGE)).containsExactly(b);
        assertThat(o.wake(HUGE + 4096, 2 * HUGE)).isEmpty();
        assertThat(o.all()).containsExactly(a);
    }
}
