package dev.uffdtrace.pipeline.function;

import dev.uffdtrace.analyzer.replay.ContextReplay;
import dev.uffdtrace.analyzer.replay.ReplaySettings;
import dev.uffdtrace.analyzer.trace.InvalidRecordException;
import dev.uffdtrace.analyzer.trace.TraceEvent;
import dev.uffdtrace.analyzer.trace.TraceJson;
import dev.uffdtrace.pipeline.io.ContextReplaySerializer;
import dev.uffdtrace.pipeline.io.SourceNames;
import dev.uffdtrace.pipeline.model.ContextSummary;
import dev.uffdtrace.pipeline.model.ContextTally;
import dev.uffdtrace.pipeline.model.FindingRecord;
import dev.uffdtrace.pipeline.model.TraceRecord;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * One ctx's {@link ContextReplay}, keyed by ctx, fed its events in arrival order. Streaming: an
 * event-time timer at the replay's next stuck deadline calls {@code advanceTime(watermark)}, and a
 * closed ctx's state is dropped once the watermark is {@code retainClosedMicros} past its close.
 * Bounded: one timer at the end of the key emits a {@link ContextSummary} on {@link Tags#SUMMARIES}
 * (the end-of-trace stuck check needs the latest time of the whole trace, which the client knows).
 */
public final class ContextReplayFunction extends KeyedProcessFunction<String, TraceRecord, FindingRecord> {
    private static final long serialVersionUID = 1L;
    static final String REPLAY_STATE = "replay";
    static final String TALLY_STATE = "tally";
    static final int SALT_BUCKETS = 8;

    private final ReplaySettings settings;
    private final SourceNames names;
    private final boolean bounded;
    private final long retainClosedMicros;
    private transient ValueState<ContextReplay> replayState;
    private transient ValueState<ContextTally> tallyState;
    private transient TraceJson json;
    private transient ReplayEmitter emitter;

    public ContextReplayFunction(ReplaySettings settings, SourceNames names, boolean bounded, long retainClosedMicros) {
        this.settings = settings;
        this.names = names;
        this.bounded = bounded;
        this.retainClosedMicros = retainClosedMicros;
    }

    @Override
    public void open(OpenContext openContext) {
        replayState = getRuntimeContext().getState(new ValueStateDescriptor<>(REPLAY_STATE, new ContextReplaySerializer(settings)));
        tallyState = getRuntimeContext().getState(new ValueStateDescriptor<>(TALLY_STATE, TypeInformation.of(ContextTally.class)));
        json = new TraceJson();
        emitter = new ReplayEmitter(names, SALT_BUCKETS);
    }

    @Override
    public void processElement(TraceRecord r, Context ctx, Collector<FindingRecord> out) throws Exception {
        TraceEvent e;
        try {
            e = json.decode(r.json, 0, r.json.length);
        } catch (InvalidRecordException ex) {
            throw new IllegalStateException("a validated record no longer decodes: " + ex.getMessage(), ex);
        }
        ContextReplay replay = replayState.value();
        ContextTally tally = tallyState.value();
        if (replay == null) {
            replay = new ContextReplay(r.ctx, settings);
            tally = new ContextTally();
            if (bounded) {
                ctx.timerService().registerEventTimeTimer(Long.MAX_VALUE);
            }
        }
        boolean wasClosed = replay.closed();
        emitter.bind(tally, out, ctx, r);
        replay.apply(e, emitter);
        if (!wasClosed && replay.closed()) {
            tally.closeTimeMicros = e.timeMicros();
        }
        save(replay, tally, ctx);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<FindingRecord> out) throws Exception {
        ContextReplay replay = replayState.value();
        ContextTally tally = tallyState.value();
        if (replay == null) {
            return;
        }
        if (bounded) {
            ctx.output(Tags.SUMMARIES, summary(ctx.getCurrentKey(), replay, tally));
            clear();
            return;
        }
        long watermark = ctx.timerService().currentWatermark();
        if (watermark == Long.MAX_VALUE) {
            return; // the end of a bounded stream: no trace time to judge by
        }
        emitter.bind(tally, out, ctx, null);
        replay.advanceTime(watermark, emitter);
        if (replay.closed() && watermark >= tally.closeTimeMicros + retainClosedMicros) {
            clear();
            return;
        }
        save(replay, tally, ctx);
    }

    private void save(ContextReplay replay, ContextTally tally, Context ctx) throws Exception {
        replayState.update(replay);
        tallyState.update(tally);
        if (bounded) {
            return;
        }
        long deadline = replay.nextStuckDeadlineMicros();
        if (deadline != Long.MAX_VALUE) {
            ctx.timerService().registerEventTimeTimer(deadline);
        }
        if (replay.closed()) {
            ctx.timerService().registerEventTimeTimer(tally.closeTimeMicros + retainClosedMicros);
        }
    }

    private void clear() {
        replayState.clear();
        tallyState.clear();
    }

    private static ContextSummary summary(String ctx, ContextReplay replay, ContextTally tally) {
        ContextSummary s = new ContextSummary();
        s.ctx = ctx;
        s.events = tally.events;
        s.duplicates = tally.duplicates;
        s.resolvedByClose = tally.resolvedByClose;
        s.outstanding = replay.outstandingFaults();
        s.maxTimeMicros = tally.maxTimeMicros;
        s.findings = tally.findings;
        s.state = replay.nextStuckDeadlineMicros() == Long.MAX_VALUE ? null : replay.toBytes();
        return s;
    }
}
