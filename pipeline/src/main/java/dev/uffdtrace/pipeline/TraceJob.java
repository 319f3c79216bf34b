package dev.uffdtrace.pipeline;

import dev.uffdtrace.pipeline.function.AlertCandidates;
import dev.uffdtrace.pipeline.function.AlertFunction;
import dev.uffdtrace.pipeline.function.ContextReplayFunction;
import dev.uffdtrace.pipeline.function.FindingMetricsFunction;
import dev.uffdtrace.pipeline.function.LatencyWindows;
import dev.uffdtrace.pipeline.function.Tags;
import dev.uffdtrace.pipeline.function.ValidateFunction;
import dev.uffdtrace.pipeline.io.SourceNames;
import dev.uffdtrace.pipeline.model.AlertRecord;
import dev.uffdtrace.pipeline.model.DeadLetterRecord;
import dev.uffdtrace.pipeline.model.FindingRecord;
import dev.uffdtrace.pipeline.model.LatencyWindow;
import dev.uffdtrace.pipeline.model.RawRecord;
import dev.uffdtrace.pipeline.model.TraceRecord;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The streaming topology, with its source and sinks injected (tests swap in bounded sources and
 * collecting sinks):
 * <pre>
 *  source ─► validate ──────────────────────────────────────────────► dead letters
 *              │ event time = time_us (µs), bounded out-of-orderness, idleness
 *              ▼
 *           keyBy ctx ─► replay (ContextReplay, stuck timers) ─► metrics ─► findings
 *                          │          │                              └─► ≥ severity ─► keyBy (ctx, rule, mem, op)
 *                          │          └─► after-close dead letters                      ─► dedup window ─► alerts
 *                          └─► latency ─► keyBy group+salt ─► window ─► keyBy group ─► window + total ─► latency
 * </pre>
 */
public final class TraceJob {
    /** Where the job's four outputs go. */
    public record Sinks(Sink<FindingRecord> findings, Sink<AlertRecord> alerts, Sink<LatencyWindow> latency,
                        Sink<DeadLetterRecord> deadLetters) {
    }

    private final Source<RawRecord, ?, ?> source;
    private final SourceNames names;
    private final JobSettings settings;
    private final Sinks sinks;

    public TraceJob(Source<RawRecord, ?, ?> source, SourceNames names, JobSettings settings, Sinks sinks) {
        this.source = source;
        this.names = names;
        this.settings = settings;
        this.sinks = sinks;
    }

    /** Adds the topology to {@code env}; the caller executes it. */
    public void build(StreamExecutionEnvironment env) {
        SingleOutputStreamOperator<TraceRecord> valid = env
                .fromSource(source, WatermarkStrategy.noWatermarks(), "events").uid("events")
                .process(new ValidateFunction(names)).name("validate").uid("validate");
        SingleOutputStreamOperator<FindingRecord> replayed = valid
                .assignTimestampsAndWatermarks(WatermarkStrategy
                        .<TraceRecord>forBoundedOutOfOrderness(asMillis(settings.outOfOrderness()))
                        .withTimestampAssigner((r, previous) -> r.timeMicros)
                        .withIdleness(settings.idleness()))
                .name("event time").uid("event-time")
                .keyBy(r -> r.ctx, Types.STRING)
                .process(new ContextReplayFunction(settings.replay(), names, false,
                        JobSettings.micros(settings.retainClosed())))
                .name("replay").uid("replay");
        DataStream<FindingRecord> findings = replayed.map(new FindingMetricsFunction()).name("finding metrics").uid("metrics");
        findings.sinkTo(sinks.findings()).name("findings").uid("findings-sink");
        findings.process(new AlertCandidates(settings.alertSeverity())).name("alert candidates").uid("alert-candidates")
                .keyBy(AlertCandidates::key, Types.STRING)
                .process(new AlertFunction(JobSettings.micros(settings.alertWindow())))
                .returns(TypeInformation.of(AlertRecord.class)).name("alerts").uid("alerts")
                .sinkTo(sinks.alerts()).name("alerts").uid("alerts-sink");
        LatencyWindows.apply(replayed.getSideOutput(Tags.LATENCY), JobSettings.micros(settings.window()))
                .sinkTo(sinks.latency()).name("latency").uid("latency-sink");
        valid.getSideOutput(Tags.DEAD_LETTERS).union(replayed.getSideOutput(Tags.DEAD_LETTERS))
                .sinkTo(sinks.deadLetters()).name("dead letters").uid("dead-letters-sink");
    }

    /** Event time is in microseconds: a Duration of d µs is handed to Flink as "d ms". */
    static Duration asMillis(Duration d) {
        return Duration.ofMillis(JobSettings.micros(d));
    }
}
