package dev.uffdtrace.pipeline.function;

import dev.uffdtrace.pipeline.model.AlertRecord;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Deduplicates alerts of one (ctx, rule, mem, op) within tumbling event-time windows: the first alert
 * of a window is kept with a count of all, and emitted when the watermark passes the window's end.
 * A finding the watermark has already passed (a stuck fault reported from a timer) counts in the
 * window the watermark is in, so none is dropped as late.
 */
public final class AlertFunction extends KeyedProcessFunction<String, AlertRecord, AlertRecord> {
    private static final long serialVersionUID = 1L;
    static final String PENDING_STATE = "pending-alert";

    private final long windowMicros;
    private transient ValueState<AlertRecord> pending;

    public AlertFunction(long windowMicros) {
        if (windowMicros <= 0) {
            throw new IllegalArgumentException("windowMicros: must be > 0, was " + windowMicros);
        }
        this.windowMicros = windowMicros;
    }

    @Override
    public void open(OpenContext openContext) {
        pending = getRuntimeContext().getState(new ValueStateDescriptor<>(PENDING_STATE, TypeInformation.of(AlertRecord.class)));
    }

    @Override
    public void processElement(AlertRecord a, Context ctx, Collector<AlertRecord> out) throws Exception {
        long watermark = ctx.timerService().currentWatermark();
        long at = Math.max(ctx.timestamp() == null ? a.firstTimeMicros : ctx.timestamp(),
                watermark == Long.MIN_VALUE ? Long.MIN_VALUE : watermark + 1);
        AlertRecord p = pending.value();
        if (p != null && at < p.windowEndMicros) {
            p.count += a.count;
            p.lastSeq = a.lastSeq;
            p.lastTimeMicros = a.lastTimeMicros;
            pending.update(p);
            return;
        }
        if (p != null) {
            out.collect(p);
        }
        a.windowStartMicros = at - Math.floorMod(at, windowMicros);
        a.windowEndMicros = a.windowStartMicros + windowMicros;
        pending.update(a);
        ctx.timerService().registerEventTimeTimer(a.windowEndMicros - 1);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<AlertRecord> out) throws Exception {
        AlertRecord p = pending.value();
        if (p != null && timestamp >= p.windowEndMicros - 1) {
            out.collect(p);
            pending.clear();
        }
    }
}
