package dev.uffdtrace.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The completeness check ClusterIT relies on must itself catch holes, repeats and cut-off streams. */
class SeqLedgerTest {
    private static String event(String ctx, int seq, String type) {
        return "{\"v\":1,\"type\":\"" + type + "\",\"ctx\":\"" + ctx + "\",\"seq\":" + seq + "}";
    }

    private static final List<String> COMPLETE = List.of(
            event("a", 0, "open"), event("b", 0, "open"), event("a", 1, "fault"),
            event("b", 1, "fault"), event("a", 2, "close"), event("b", 2, "close"));

    @Test
    void completeStreamsHaveNoProblems() {
        SeqLedger l = SeqLedger.of(COMPLETE);
        assertThat(l.problems()).isEmpty();
        assertThat(l.contexts()).isEqualTo(2);
        assertThat(l.faults()).isEqualTo(2);
    }

    @Test
    void aHoleIsReported() {
        SeqLedger l = SeqLedger.of(List.of(event("a", 0, "open"), event("a", 2, "close")));
        assertThat(l.problems()).containsExactly("a: seq 1 missing (1 missing in all)");
    }

    @Test
    void aRepeatIsReported() {
        SeqLedger l = SeqLedger.of(List.of(event("a", 0, "open"), event("a", 1, "fault"), event("a", 1, "fault"),
                event("a", 2, "close")));
        assertThat(l.problems()).containsExactly("a: 1 duplicate events");
        assertThat(l.faults()).isEqualTo(1);
    }

    @Test
    void aStreamWithoutItsCloseIsReported() {
        SeqLedger l = SeqLedger.of(List.of(event("a", 0, "open"), event("a", 1, "fault")));
        assertThat(l.problems()).containsExactly("a: no close (seqs 0..1 seen)");
    }

    @Test
    void aMissingOpenIsAHoleFromZero() {
        SeqLedger l = SeqLedger.of(List.of(event("a", 1, "fault"), event("a", 2, "close")));
        assertThat(l.problems()).containsExactly("a: seq 0 missing (1 missing in all)");
    }
}
