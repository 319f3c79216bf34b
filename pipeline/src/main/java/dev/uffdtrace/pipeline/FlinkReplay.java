package dev.uffdtrace.pipeline;

import dev.uffdtrace.analyzer.replay.ReplayResult;
import dev.uffdtrace.analyzer.replay.ReplaySettings;
import dev.uffdtrace.analyzer.report.ReplayOutputs;
import dev.uffdtrace.analyzer.trace.TraceReader;
import dev.uffdtrace.pipeline.function.ContextReplayFunction;
import dev.uffdtrace.pipeline.function.LatencyTotalsOperator;
import dev.uffdtrace.pipeline.function.Tags;
import dev.uffdtrace.pipeline.function.ValidateFunction;
import dev.uffdtrace.pipeline.io.KafkaTraceDeserializer;
import dev.uffdtrace.pipeline.io.SourceNames;
import dev.uffdtrace.pipeline.io.TraceLineFormat;
import dev.uffdtrace.pipeline.model.FindingRecord;
import dev.uffdtrace.pipeline.model.GroupHistogram;
import dev.uffdtrace.pipeline.model.RawRecord;
import dev.uffdtrace.pipeline.model.ReplayOutput;
import dev.uffdtrace.pipeline.model.TraceRecord;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;

/**
 * The offline replay on Flink ({@code uffdtrace replay --engine flink}): the job's validation and keyed
 * replay in batch mode over trace files or a bounded range of a topic, with the findings, latency
 * histograms, counts and dead letters collected to the client and written as OUTPUTS.md says. Its
 * findings.jsonl and latency.json equal the direct replay's ({@code TraceReplay}) at any parallelism.
 *
 * <pre>{@code
 * ReplayResult r = FlinkReplay.run(ReplaySettings.defaults(), List.of(Path.of("trace.jsonl")), 2, Path.of("out"));
 * }</pre>
 */
public final class FlinkReplay {
    private static final TypeInformation<ReplayOutput> OUTPUT = TypeInformation.of(ReplayOutput.class);

    private FlinkReplay() {
    }

    /** Replays trace files and folders of them into {@code outDir}. */
    public static ReplayResult run(ReplaySettings settings, List<Path> traces, int parallelism, Path outDir)
            throws Exception {
        try (ReplayOutputs outputs = new ReplayOutputs(outDir)) {
            ReplayResult result = run(settings, traces, parallelism, outputs);
            outputs.finish(result);
            return result;
        }
    }

    /**
     * Replays trace files and folders of them, writing the dead letters into {@code outputs}; the caller
     * writes the end files with {@code outputs.finish(result)}.
     */
    public static ReplayResult run(ReplaySettings settings, List<Path> traces, int parallelism, ReplayOutputs outputs)
            throws Exception {
        List<String> names = new ArrayList<>();
        List<org.apache.flink.core.fs.Path> paths = new ArrayList<>();
        for (Path t : traces) {
            for (Path f : TraceReader.traceFiles(t)) {
                names.add(f.toString());
                paths.add(new org.apache.flink.core.fs.Path(f.toAbsolutePath().toString()));
            }
        }
        FileSource<RawRecord> source = FileSource.forBulkFileFormat(new TraceLineFormat(paths),
                paths.toArray(new org.apache.flink.core.fs.Path[0])).build();
        return execute(settings, SourceNames.files(names), parallelism, outputs,
                env -> env.fromSource(source, WatermarkStrategy.noWatermarks(), "trace files"));
    }

    /** Replays a bounded range of a topic (read_committed), as {@link #run(ReplaySettings, List, int, ReplayOutputs)}. */
    public static ReplayResult runKafka(ReplaySettings settings, KafkaRange range, int parallelism,
                                       ReplayOutputs outputs) throws Exception {
        KafkaSource<RawRecord> source = KafkaSource.<RawRecord>builder()
                .setBootstrapServers(range.bootstrap())
                .setTopics(range.topic())
                .setGroupId("uffdtrace-replay")
                .setStartingOffsets(range.starting())
                .setBounded(range.stopping())
                .setDeserializer(new KafkaTraceDeserializer())
                .setProperty("isolation.level", "read_committed")
                .build();
        return execute(settings, SourceNames.kafka(range.topic()), parallelism, outputs,
                env -> env.fromSource(source, WatermarkStrategy.noWatermarks(), "kafka:" + range.topic()));
    }

    private static ReplayResult execute(ReplaySettings settings, SourceNames names, int parallelism,
                                        ReplayOutputs outputs,
                                        Function<StreamExecutionEnvironment, DataStream<RawRecord>> source)
            throws Exception {
        StreamExecutionEnvironment env = Environments.create(new Configuration(), RuntimeExecutionMode.BATCH, parallelism);
        DataStream<ReplayOutput> results = topology(settings, names, source.apply(env));
        ReplayAssembler assembler = new ReplayAssembler(settings);
        try (CloseableIterator<ReplayOutput> it = results.executeAndCollect("uffdtrace replay")) {
            it.forEachRemaining(assembler::accept);
        }
        return assembler.finish(outputs::deadLetter);
    }

    /**
     * Validation, then the keyed replay in arrival order: in batch mode Flink sorts a keyed input by key
     * and timestamp, so the timestamp is the record's arrival order, not its event time.
     */
    static DataStream<ReplayOutput> topology(ReplaySettings settings, SourceNames names, DataStream<RawRecord> raw) {
        SingleOutputStreamOperator<TraceRecord> valid = raw.process(new ValidateFunction(names)).name("validate");
        SingleOutputStreamOperator<FindingRecord> replayed = valid
                .assignTimestampsAndWatermarks(WatermarkStrategy.<TraceRecord>noWatermarks()
                        .withTimestampAssigner((r, previous) -> r.order))
                .keyBy(r -> r.ctx, Types.STRING)
                .process(new ContextReplayFunction(settings, names, true, 0)).name("replay");
        DataStream<GroupHistogram> latency = replayed.getSideOutput(Tags.LATENCY)
                .transform("latency totals", TypeInformation.of(GroupHistogram.class), new LatencyTotalsOperator());
        return replayed.map(f -> ReplayOutput.of(f)).returns(OUTPUT)
                .union(valid.getSideOutput(Tags.DEAD_LETTERS).map(d -> ReplayOutput.of(d)).returns(OUTPUT),
                        replayed.getSideOutput(Tags.DEAD_LETTERS).map(d -> ReplayOutput.of(d)).returns(OUTPUT),
                        replayed.getSideOutput(Tags.SUMMARIES).map(s -> ReplayOutput.of(s)).returns(OUTPUT),
                        latency.map(h -> ReplayOutput.of(h)).returns(OUTPUT));
    }
}
