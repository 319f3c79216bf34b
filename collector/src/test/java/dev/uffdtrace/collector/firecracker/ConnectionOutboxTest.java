package dev.uffdtrace.collector.firecracker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.uffdtrace.analyzer.trace.CloseEvent;
import dev.uffdtrace.analyzer.trace.Envelope;
import dev.uffdtrace.analyzer.trace.TraceEvent;
import dev.uffdtrace.collector.publish.EventOutbox;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConnectionOutboxTest {
    /** A shared outbox that takes {@code room} more events by offer (a test sets it), any by put. */
    private static final class Shared implements EventOutbox {
        final List<Long> seqs = new ArrayList<>();
        int room;

        Shared(int room) {
            this.room = room;
        }

        @Override
        public boolean offer(TraceEvent e) {
            if (room == 0) {
                return false;
            }
            room--;
            seqs.add(e.envelope().seq());
            return true;
        }

        @Override
        public void put(TraceEvent e) {
            seqs.add(e.envelope().seq());
        }

        @Override
        public void close() {
        }
    }

    private static TraceEvent event(long seq) {
        return new CloseEvent(new Envelope("ctx", seq, 0, 0));
    }

    @Test
    void holdsEventsUntilABunchHasGathered() {
        Shared shared = new Shared(Integer.MAX_VALUE);
        ConnectionOutbox out = new ConnectionOutbox(shared);
        for (int i = 0; i < ConnectionOutbox.FLUSH_AT - 1; i++) {
            assertThat(out.offer(event(i))).isTrue();
        }
        assertThat(shared.seqs).isEmpty();
        out.offer(event(ConnectionOutbox.FLUSH_AT - 1));
        assertThat(shared.seqs).hasSize(ConnectionOutbox.FLUSH_AT).isSorted();
    }

    @Test
    void refusesOnlyWhenItsOwnBufferIsFullAndLosesNothingItTook() throws InterruptedException {
        Shared shared = new Shared(0);
        ConnectionOutbox out = new ConnectionOutbox(shared);
        long taken = 0;
        while (out.offer(event(taken))) {
            taken++;
        }
        assertThat(taken).isEqualTo(ConnectionOutbox.CAPACITY);
        shared.room = 10;
        out.flush();
        assertThat(shared.seqs).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
        out.put(event(taken));
        assertThat(shared.seqs).hasSize((int) taken + 1).isSorted();
    }

    @Test
    void closeHandsOverThePendingEvents() {
        Shared shared = new Shared(Integer.MAX_VALUE);
        ConnectionOutbox out = new ConnectionOutbox(shared);
        out.offer(event(0));
        out.offer(event(1));
        out.close();
        assertThat(shared.seqs).containsExactly(0L, 1L);
    }
}
