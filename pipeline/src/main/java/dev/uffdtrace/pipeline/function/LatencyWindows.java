package dev.uffdtrace.pipeline.function;

import dev.uffdtrace.analyzer.stats.GroupKey;
import dev.uffdtrace.analyzer.stats.LatencyHistogram;
import dev.uffdtrace.pipeline.io.LatencyHistogramSerializer;
import dev.uffdtrace.pipeline.model.GroupHistogram;
import dev.uffdtrace.pipeline.model.LatencyRecord;
import dev.uffdtrace.pipeline.model.LatencyWindow;
import java.time.Duration;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/**
 * Latency per (mem, fault kind, op) in tumbling event-time windows, in two steps: HdrHistogram
 * accumulators per group and salt (spreading a hot group over parallel instances), then the partial
 * histograms merged per group, each window emitted with the group's running total.
 * Event time is in microseconds, so a window of {@code w} µs is Flink's "{@code w} ms".
 */
public final class LatencyWindows {
    static final String TOTAL_STATE = "latency-total";
    private static final char SEP = '\u0000';

    private LatencyWindows() {
    }

    public static DataStream<LatencyWindow> apply(DataStream<LatencyRecord> samples, long windowMicros) {
        TumblingEventTimeWindows windows = TumblingEventTimeWindows.of(Duration.ofMillis(windowMicros));
        TypeInformation<LatencyHistogram> histogram = LatencyHistogramSerializer.typeInfo();
        DataStream<GroupHistogram> partials = samples
                .keyBy(s -> s.mem + SEP + s.fault + SEP + s.op + SEP + s.salt, Types.STRING)
                .window(windows)
                .aggregate(new Record(), new Partial(), histogram, histogram, TypeInformation.of(GroupHistogram.class))
                .name("latency partials");
        return partials
                .keyBy(h -> h.mem + SEP + h.fault + SEP + h.op, Types.STRING)
                .window(windows)
                .aggregate(new Merge(), new WithTotal(), histogram, histogram, TypeInformation.of(LatencyWindow.class))
                .name("latency windows");
    }

    static GroupKey group(String key) {
        String[] parts = key.split(String.valueOf(SEP), -1);
        return new GroupKey(parts[0], parts[1], parts[2]);
    }

    /** What both aggregations share: a histogram accumulator, returned as it is, merged by adding. */
    abstract static class HistogramAggregate<T> implements AggregateFunction<T, LatencyHistogram, LatencyHistogram> {
        private static final long serialVersionUID = 1L;

        @Override
        public LatencyHistogram createAccumulator() {
            return new LatencyHistogram();
        }

        @Override
        public LatencyHistogram getResult(LatencyHistogram acc) {
            return acc;
        }

        @Override
        public LatencyHistogram merge(LatencyHistogram a, LatencyHistogram b) {
            a.merge(b);
            return a;
        }
    }

    /** Records samples into a histogram. */
    static final class Record extends HistogramAggregate<LatencyRecord> {
        private static final long serialVersionUID = 1L;

        @Override
        public LatencyHistogram add(LatencyRecord s, LatencyHistogram acc) {
            acc.record(s.latencyNanos);
            return acc;
        }
    }

    /** Merges partial histograms. */
    static final class Merge extends HistogramAggregate<GroupHistogram> {
        private static final long serialVersionUID = 1L;

        @Override
        public LatencyHistogram add(GroupHistogram h, LatencyHistogram acc) {
            acc.merge(h.decode());
            return acc;
        }
    }

    /** A group-and-salt window's histogram as a partial. */
    static final class Partial extends ProcessWindowFunction<LatencyHistogram, GroupHistogram, String, TimeWindow> {
        private static final long serialVersionUID = 1L;

        @Override
        public void process(String key, Context ctx, Iterable<LatencyHistogram> in, Collector<GroupHistogram> out) {
            for (LatencyHistogram h : in) {
                out.collect(new GroupHistogram(group(key), ctx.window().getStart(), ctx.window().getEnd(), h));
            }
        }
    }

    /** A group's window, with its running total kept in per-key global state. */
    static final class WithTotal extends ProcessWindowFunction<LatencyHistogram, LatencyWindow, String, TimeWindow> {
        private static final long serialVersionUID = 1L;
        private static final ValueStateDescriptor<LatencyHistogram> TOTAL =
                new ValueStateDescriptor<>(TOTAL_STATE, new LatencyHistogramSerializer());

        @Override
        public void process(String key, Context ctx, Iterable<LatencyHistogram> in, Collector<LatencyWindow> out)
                throws Exception {
            ValueState<LatencyHistogram> total = ctx.globalState().getState(TOTAL);
            LatencyHistogram t = total.value() == null ? new LatencyHistogram() : total.value();
            for (LatencyHistogram h : in) {
                t.merge(h);
                GroupKey g = group(key);
                LatencyWindow w = new LatencyWindow();
                w.mem = g.mem();
                w.fault = g.fault();
                w.op = g.op();
                w.windowStartMicros = ctx.window().getStart();
                w.windowEndMicros = ctx.window().getEnd();
                w.window = h.toBytes();
                w.total = t.toBytes();
                out.collect(w);
            }
            total.update(t);
        }
    }
}
