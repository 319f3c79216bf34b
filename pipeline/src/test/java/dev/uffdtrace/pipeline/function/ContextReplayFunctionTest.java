package dev.uffdtrace.pipeline.function;

import static dev.uffdtrace.pipeline.function.Events.CTX;
import static dev.uffdtrace.pipeline.function.Events.ONE_SECOND;
import static dev.uffdtrace.pipeline.function.Events.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.uffdtrace.analyzer.replay.ContextReplay;
import dev.uffdtrace.analyzer.replay.ReplaySettings;
import dev.uffdtrace.pipeline.io.SourceNames;
import dev.uffdtrace.pipeline.model.ContextSummary;
import dev.uffdtrace.pipeline.model.FindingRecord;
import dev.uffdtrace.pipeline.model.LatencyRecord;
import dev.uffdtrace.pipeline.model.TraceRecord;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class ContextReplayFunctionTest {
    private static final ReplaySettings SETTINGS = ReplaySettings.defaults();
    private static final long RETAIN = 60 * ONE_SECOND;

    private static KeyedOneInputStreamOperatorTestHarness<String, TraceRecord, FindingRecord> harness(boolean bounded)
            throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(
                new ContextReplayFunction(SETTINGS, SourceNames.files(List.of("trace.jsonl")), bounded, RETAIN)),
                r -> r.ctx, Types.STRING);
    }

    private static void send(KeyedOneInputStreamOperatorTestHarness<String, TraceRecord, FindingRecord> h,
                             TraceRecord... records) throws Exception {
        for (TraceRecord r : records) {
            h.processElement(r, r.timeMicros);
        }
    }

    @Test
    void reportsAStuckFaultWhenTheWatermarkPassesItsDeadlineThenDrainsStateAfterClose() throws Exception {
        try (var h = harness(false)) {
            h.open();
            send(h, Events.open(0, T0), Events.registerAnon(1, T0 + 1), Events.fault(2, T0 + 10, 3));
            assertThat(h.numEventTimeTimers()).isEqualTo(1);

            h.processWatermark(T0 + 10 + ONE_SECOND); // exactly the threshold: not stuck yet
            assertThat(h.extractOutputValues()).isEmpty();
            h.processWatermark(T0 + 11 + ONE_SECOND);
            assertThat(h.extractOutputValues()).singleElement().satisfies(f -> {
                assertThat(f.rule).isEqualTo("FAULT_STUCK");
                assertThat(f.seq).isEqualTo(2);
                assertThat(f.message).contains("still waiting");
            });

            send(h, Events.close(3, T0 + 2 * ONE_SECOND), Events.fault(4, T0 + 2 * ONE_SECOND + 1, 1));
            assertThat(h.getSideOutput(Tags.DEAD_LETTERS)).singleElement().extracting(StreamRecord::getValue)
                    .satisfies(d -> {
                        assertThat(d.reason).isEqualTo("line 5: seq 4 of ctx " + CTX + " is above that of its close");
                        assertThat(d.source).isEqualTo("trace.jsonl");
                    });
            assertThat(h.numKeyedStateEntries()).isEqualTo(2);

            h.processWatermark(T0 + 2 * ONE_SECOND + RETAIN);
            assertThat(h.numKeyedStateEntries()).isZero();
            assertThat(h.numEventTimeTimers()).isZero();
            assertThat(h.extractOutputValues()).hasSize(1); // the stuck fault was reported once
        }
    }

    @Test
    void emitsFindingsAndLatencyAsEventsArrive() throws Exception {
        try (var h = harness(false)) {
            h.open();
            send(h, Events.open(0, T0), Events.registerAnon(1, T0 + 1), Events.fault(2, T0 + 10, 3),
                    Events.copy(3, T0 + 30, 3), Events.continueOnAnon(5, T0 + 40));

            List<String> rules = h.extractOutputValues().stream().map(f -> f.rule + "@" + f.seq).collect(Collectors.toList());
            assertThat(rules).contains("EVENTS_LOST@5", "IOCTL_UNSUPPORTED@5");
            assertThat(h.getSideOutput(Tags.LATENCY)).singleElement().extracting(StreamRecord::getValue)
                    .satisfies((LatencyRecord l) -> {
                        assertThat(l.mem).isEqualTo("anon");
                        assertThat(l.fault).isEqualTo("missing-read");
                        assertThat(l.op).isEqualTo("COPY");
                        assertThat(l.latencyNanos).isEqualTo(20_000);
                    });
            assertThat(h.numEventTimeTimers()).isEqualTo(1); // the stale deadline of the woken fault
            h.processWatermark(T0 + 20 * ONE_SECOND);
            assertThat(h.numEventTimeTimers()).isZero();
            assertThat(h.extractOutputValues()).noneMatch(f -> f.rule.equals("FAULT_STUCK"));
        }
    }

    @Test
    void restoresTheReplayFromACheckpoint() throws Exception {
        OperatorSubtaskState snapshot;
        try (var h = harness(false)) {
            h.open();
            send(h, Events.open(0, T0), Events.registerAnon(1, T0 + 1), Events.fault(2, T0 + 10, 3));
            snapshot = h.snapshot(1, T0 + 10);
        }
        try (var h = harness(false)) {
            h.initializeState(snapshot);
            h.open();
            send(h, Events.open(1, T0 + 20), Events.copy(3, T0 + 30, 3));
            assertThat(h.getSideOutput(Tags.LATENCY)).hasSize(1); // the restored fault was woken
            assertThat(h.extractOutputValues()).isEmpty(); // seq 1 again is a duplicate, not a hole
        }
    }

    @Test
    void boundedModeSummarisesEachCtxAtTheEndOfItsInput() throws Exception {
        try (var h = harness(true)) {
            h.open();
            send(h, Events.open(0, T0), Events.registerAnon(1, T0 + 1), Events.fault(2, T0 + 10, 3),
                    Events.registerAnon(1, T0 + 11));
            assertThat(h.numEventTimeTimers()).isEqualTo(1);
            h.processWatermark(Long.MAX_VALUE);

            ContextSummary s = h.getSideOutput(Tags.SUMMARIES).poll().getValue();
            assertThat(s.ctx).isEqualTo(CTX);
            assertThat(s.events).isEqualTo(3);
            assertThat(s.duplicates).isEqualTo(1);
            assertThat(s.outstanding).isEqualTo(1);
            assertThat(s.maxTimeMicros).isEqualTo(T0 + 10);
            assertThat(ContextReplay.fromBytes(s.state, SETTINGS).outstandingFaults()).isEqualTo(1);
            assertThat(h.extractOutputValues()).isEmpty(); // no stuck finding: the client judges against the whole trace
            assertThat(h.numKeyedStateEntries()).isZero();
            assertThat(h.numEventTimeTimers()).isZero();
        }
    }
}
