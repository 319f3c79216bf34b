package dev.uffdtrace.collector.loop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.uffdtrace.analyzer.trace.CloseEvent;
import dev.uffdtrace.analyzer.trace.FaultEvent;
import dev.uffdtrace.analyzer.trace.LossEvent;
import dev.uffdtrace.analyzer.trace.TraceEvent;
import dev.uffdtrace.collector.publish.EventOutbox;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class CtxStreamTest {
    /** Takes events while {@code open}. */
    static final class GateOutbox implements EventOutbox {
        final List<TraceEvent> taken = new ArrayList<>();
        boolean open = true;

        @Override
        public boolean offer(TraceEvent e) {
            if (open) {
                taken.add(e);
            }
            return open;
        }

        @Override
        public void put(TraceEvent e) {
            taken.add(e);
        }

        @Override
        public void close() {
        }
    }

    private static boolean fault(CtxStream s, long addr) {
        return s.emit(addr, env -> new FaultEvent(env, addr, List.of(), null));
    }

    @Test
    void dropsLeaveNoHoleAndBecomeOneLossEvent() {
        GateOutbox out = new GateOutbox();
        CtxStream s = new CtxStream("ctx", out);
        assertThat(fault(s, 1)).isTrue();
        out.open = false;
        assertThat(fault(s, 2)).isFalse();
        assertThat(fault(s, 3)).isFalse();
        assertThat(s.pendingDrops()).isEqualTo(2);
        out.open = true;
        assertThat(fault(s, 4)).isTrue();

        assertThat(out.taken).hasSize(3);
        assertThat(out.taken.stream().map(TraceEvent::seq).toList()).containsExactly(0L, 1L, 2L);
        assertThat(out.taken.get(1)).isInstanceOfSatisfying(LossEvent.class, l -> {
            assertThat(l.dropped()).isEqualTo(2);
            assertThat(l.reason()).isEqualTo("publish queue full");
        });
        assertThat(((FaultEvent) out.taken.get(2)).addr()).isEqualTo(4);
        assertThat(s.pendingDrops()).isZero();
    }

    @Test
    void theEndOfAStreamReportsPendingDropsBeforeClose() throws Exception {
        GateOutbox out = new GateOutbox();
        CtxStream s = new CtxStream("ctx", out);
        out.open = false;
        fault(s, 1);
        s.emitWaiting(5, CloseEvent::new);
        assertThat(out.taken).hasSize(2);
        assertThat(out.taken.get(0)).isInstanceOf(LossEvent.class);
        assertThat(out.taken.get(1)).isInstanceOf(CloseEvent.class);
        assertThat(out.taken.stream().mapToLong(TraceEvent::seq).boxed().toList())
                .isEqualTo(LongStream.range(0, 2).boxed().toList());
    }
}
