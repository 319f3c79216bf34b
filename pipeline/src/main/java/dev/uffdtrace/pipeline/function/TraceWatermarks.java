package dev.uffdtrace.pipeline.function;

import dev.uffdtrace.pipeline.model.TraceRecord;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;

/**
 * Bounded out-of-orderness watermarks over {@code time_us} that also follow event time as it moves:
 * besides the periodic emission, a watermark goes out as soon as event time has advanced by
 * {@code stepMicros} since the last one. A backlog replayed faster than the periodic interval (or a
 * bounded input, which ends with the final watermark) still passes its stuck deadlines and windows in time.
 */
public final class TraceWatermarks implements WatermarkGenerator<TraceRecord> {
    private final long boundMicros;
    private final long stepMicros;
    private long maxMicros = Long.MIN_VALUE;
    private long emitted = Long.MIN_VALUE;

    public TraceWatermarks(long boundMicros, long stepMicros) {
        if (boundMicros < 0 || stepMicros <= 0) {
            throw new IllegalArgumentException("boundMicros >= 0 and stepMicros > 0, were " + boundMicros + ", " + stepMicros);
        }
        this.boundMicros = boundMicros;
        this.stepMicros = stepMicros;
    }

    @Override
    public void onEvent(TraceRecord r, long timestamp, WatermarkOutput out) {
        if (r.timeMicros > maxMicros) {
            maxMicros = r.timeMicros;
            if (current() - stepMicros >= emitted) {
                emit(out);
            }
        }
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput out) {
        if (current() > emitted) {
            emit(out);
        }
    }

    private long current() {
        return maxMicros == Long.MIN_VALUE ? Long.MIN_VALUE : maxMicros - boundMicros - 1;
    }

    private void emit(WatermarkOutput out) {
        emitted = current();
        out.emitWatermark(new Watermark(emitted));
    }
}
