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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.base.StringSerializer;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Each ctx's {@link ContextReplay}, fed its events in arrival order. The stream is keyed by a 64-bit hash
 * of the ctx ({@link TraceRecord#key}: a fixed-length key sorts fast in batch mode), so state is a map
 * from ctx to replay, normally of one entry. Streaming: an event-time timer at a replay's next stuck
 * deadline calls {@code advanceTime(watermark)}, and a closed ctx's state is dropped once the watermark
 * is {@code retainClosedMicros} past its close. Bounded: one timer at the end of the key emits a
 * {@link ContextSummary} per ctx on {@link Tags#SUMMARIES} (the end-of-trace stuck check needs the latest
 * time of the whole trace, which the client knows).
 */
public final class ContextReplayFunction extends KeyedProcessFunction<Long, TraceRecord, FindingRecord> {
    private static final long serialVersionUID = 1L;
    static final String REPLAY_STATE = "replay";
    static final String TALLY_STATE = "tally";
    static final int SALT_BUCKETS = 8;

    private final ReplaySettings settings;
    private final SourceNames names;
    private final boolean bounded;
    private final long retainClosedMicros;
    private transient MapState<String, ContextReplay> replays;
    private transient MapState<String, ContextTally> tallies;
    private transient TraceJson json;
    private transient ReplayEmitter emitter;
    /**
     * Bounded only: the live state objects by ctx. The heap backend holds these very objects, and a
     * bounded replay has no checkpoint to restore, so one hash lookup here stands in for two keyed-state
     * reads per event (each a key-group table and a map lookup).
     */
    private transient Map<String, Live> live;

    private record Live(ContextReplay replay, ContextTally tally) {
    }

    public ContextReplayFunction(ReplaySettings settings, SourceNames names, boolean bounded, long retainClosedMicros) {
        this.settings = settings;
        this.names = names;
        this.bounded = bounded;
        this.retainClosedMicros = retainClosedMicros;
    }

    @Override
    public void open(OpenContext openContext) {
        replays = getRuntimeContext().getMapState(new MapStateDescriptor<>(REPLAY_STATE,
                StringSerializer.INSTANCE, new ContextReplaySerializer(settings)));
        tallies = getRuntimeContext().getMapState(new MapStateDescriptor<>(TALLY_STATE, Types.STRING,
                TypeInformation.of(ContextTally.class)));
        json = new TraceJson();
        emitter = new ReplayEmitter(names, SALT_BUCKETS);
        live = bounded ? new HashMap<>() : null;
    }

    @Override
    public void processElement(TraceRecord r, Context ctx, Collector<FindingRecord> out) throws Exception {
        TraceEvent e = r.event;
        if (e == null) { // shuffled here: the decoded event stayed behind
            try {
                e = json.decode(r.json, 0, r.json.length);
            } catch (InvalidRecordException ex) {
                throw new IllegalStateException("a validated record no longer decodes: " + ex.getMessage(), ex);
            }
        }
        ContextReplay replay;
        ContextTally tally;
        if (bounded) {
            Live l = live.get(r.ctx);
            replay = l == null ? null : l.replay();
            tally = l == null ? null : l.tally();
        } else {
            replay = replays.get(r.ctx);
            tally = tallies.get(r.ctx);
        }
        boolean created = replay == null;
        if (created) {
            replay = new ContextReplay(r.ctx, settings);
            tally = new ContextTally();
            if (bounded) {
                live.put(r.ctx, new Live(replay, tally));
                ctx.timerService().registerEventTimeTimer(Long.MAX_VALUE);
            }
        }
        boolean wasClosed = replay.closed();
        emitter.bind(r.ctx, tally, out, ctx, r);
        replay.apply(e, emitter);
        if (!wasClosed && replay.closed()) {
            tally.closeTimeMicros = e.timeMicros();
        }
        if (created || !bounded) {
            // a bounded replay keeps its state on the heap, where the objects are changed in place;
            // a streaming job's backend may hold copies (RocksDB), so every change is written back
            save(r.ctx, replay, tally, ctx);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<FindingRecord> out) throws Exception {
        List<String> ctxs = new ArrayList<>(1);
        replays.keys().forEach(ctxs::add);
        long watermark = ctx.timerService().currentWatermark();
        for (String c : ctxs) {
            ContextReplay replay = replays.get(c);
            ContextTally tally = tallies.get(c);
            if (bounded) {
                ctx.output(Tags.SUMMARIES, summary(c, replay, tally));
                clear(c);
            } else if (watermark != Long.MAX_VALUE) { // at the end of a bounded stream there is no trace time to judge by
                emitter.bind(c, tally, out, ctx, null);
                replay.advanceTime(watermark, emitter);
                if (replay.closed() && watermark >= tally.closeTimeMicros + retainClosedMicros) {
                    clear(c);
                } else {
                    save(c, replay, tally, ctx);
                }
            }
        }
    }

    private void save(String c, ContextReplay replay, ContextTally tally, Context ctx) throws Exception {
        replays.put(c, replay);
        tallies.put(c, tally);
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

    private void clear(String c) throws Exception {
        replays.remove(c);
        tallies.remove(c);
        if (live != null) {
            live.remove(c);
        }
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
