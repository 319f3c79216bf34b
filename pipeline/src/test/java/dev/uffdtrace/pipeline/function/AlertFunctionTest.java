package dev.uffdtrace.pipeline.function;

import static org.assertj.core.api.Assertions.assertThat;

import dev.uffdtrace.pipeline.model.AlertRecord;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class AlertFunctionTest {
    private static final long WINDOW = 10_000_000L; // 10 s in µs
    private static final long T0 = 1_764_300_000_000_000L; // a window boundary

    private static AlertRecord alert(String ctx, String op, long seq, long t) {
        AlertRecord a = new AlertRecord();
        a.ctx = ctx;
        a.rule = "IOCTL_UNSUPPORTED";
        a.severity = "error";
        a.mem = "anon";
        a.op = op;
        a.message = "CONTINUE on anon (seq " + seq + ")";
        a.count = 1;
        a.firstSeq = seq;
        a.lastSeq = seq;
        a.firstTimeMicros = t;
        a.lastTimeMicros = t;
        return a;
    }

    @Test
    void countsRepeatsWithinAWindowAndEmitsWhenTheWatermarkPassesIt() throws Exception {
        try (var h = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new AlertFunction(WINDOW)),
                AlertCandidates::key, Types.STRING)) {
            h.open();
            h.processElement(alert("c1", "CONTINUE", 5, T0 + 1), T0 + 1);
            h.processElement(alert("c1", "CONTINUE", 9, T0 + 2), T0 + 2);
            h.processElement(alert("c1", "COPY", 11, T0 + 3), T0 + 3);
            h.processElement(alert("c1", "CONTINUE", 20, T0 + WINDOW + 5), T0 + WINDOW + 5);
            assertThat(h.extractOutputValues()).singleElement().satisfies(a -> {
                assertThat(a.count).isEqualTo(2); // closed early by the next window's first alert
                assertThat(a.firstSeq).isEqualTo(5);
                assertThat(a.lastSeq).isEqualTo(9);
            });

            h.processWatermark(T0 + WINDOW - 1);
            List<AlertRecord> out = h.extractOutputValues();
            assertThat(out).hasSize(2);
            assertThat(out.get(1).op).isEqualTo("COPY");
            assertThat(out.get(1).windowStartMicros).isEqualTo(T0);
            assertThat(out.get(1).windowEndMicros).isEqualTo(T0 + WINDOW);

            h.processWatermark(T0 + 2 * WINDOW);
            assertThat(h.extractOutputValues()).hasSize(3);
            assertThat(h.numKeyedStateEntries()).isZero();
            assertThat(h.numEventTimeTimers()).isZero();
        }
    }

    @Test
    void aFindingBehindTheWatermarkCountsInTheCurrentWindowInsteadOfBeingDropped() throws Exception {
        try (var h = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new AlertFunction(WINDOW)),
                AlertCandidates::key, Types.STRING)) {
            h.open();
            h.processWatermark(T0 + 3 * WINDOW + 7);
            h.processElement(alert("c1", "", 2, T0 + 1), T0 + 1); // a stuck fault reported late
            h.processWatermark(T0 + 4 * WINDOW);
            assertThat(h.extractOutputValues()).singleElement()
                    .satisfies(a -> assertThat(a.windowStartMicros).isEqualTo(T0 + 3 * WINDOW));
        }
    }
}
