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
import dev.uffdtrace.pipeline.io.OwnedLinesSource;
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
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.apache.flink.streaming.api.operators.ChainingStrategy;
import org.apache.flink.util.CloseableIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The offline replay on Flink ({@code uffdtrace replay --engine flink}): the job's validation and keyed
 * replay in batch mode over trace files or a bounded range of a topic, with the findings, latency
 * histograms, counts and dead letters collected to the client and written as OUTPUTS.md says. Its
 * findings.jsonl and latency.json equal the direct replay's ({@code TraceReplay}) at any parallelism.
 *
 * <p>A ctx's records must reach its keyed replay in arrival order. The usual batch way, a shuffle by
 * key and a sort, cost five times the replay itself here, so where it can the replay is chained to
 * readers that own their ctxs ({@link Plan#OWNED}): a file reader reads every line and keeps its own
 * ctxs, a Kafka reader holds whole partitions (the record key is the ctx). The shuffle stays for more
 * than {@value #MAX_OWNING_READERS} file readers and for a topic whose ctxs are spread over partitions.
 *
 * <pre>{@code
 * ReplayResult r = FlinkReplay.run(ReplaySettings.defaults(), List.of(Path.of("trace.jsonl")), 2, Path.of("out"));
 * }</pre>
 */
public final class FlinkReplay {
    private static final TypeInformation<ReplayOutput> OUTPUT = TypeInformation.of(ReplayOutput.class);
    private static final String REPLAY = "replay";
    /**
     * Up to this many readers, each reads every file and keeps its own ctxs; beyond, the lines every
     * reader scans for nothing cost more than a shuffle, and files are split among readers instead.
     */
    static final int MAX_OWNING_READERS = 4;
    private static final Logger LOG = LoggerFactory.getLogger(FlinkReplay.class);

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
        return run(settings, traces, parallelism, outputs, parallelism <= MAX_OWNING_READERS ? Plan.OWNED : Plan.SHUFFLED);
    }

    static ReplayResult run(ReplaySettings settings, List<Path> traces, int parallelism, ReplayOutputs outputs,
                            Plan plan) throws Exception {
        List<String> names = new ArrayList<>();
        List<org.apache.flink.core.fs.Path> paths = new ArrayList<>();
        for (Path t : traces) {
            for (Path f : TraceReader.traceFiles(t)) {
                names.add(f.toString());
                paths.add(new org.apache.flink.core.fs.Path(f.toAbsolutePath().toString()));
            }
        }
        Source<RawRecord, ?, ?> source = plan == Plan.OWNED ? new OwnedLinesSource(paths)
                : FileSource.forBulkFileFormat(new TraceLineFormat(paths), paths.toArray(new org.apache.flink.core.fs.Path[0]))
                        .build();
        return execute(settings, SourceNames.files(names), parallelism, outputs, plan,
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
                // a bounded read of data at rest: big fetches and big hand-overs from the fetcher thread
                // to the task thread (each hand-over is a thread wake-up, costly on a busy 2-vCPU host)
                .setProperty("max.poll.records", "20000")
                .setProperty("max.partition.fetch.bytes", String.valueOf(16 << 20))
                .setProperty("fetch.max.bytes", String.valueOf(64 << 20))
                .setProperty("receive.buffer.bytes", String.valueOf(4 << 20))
                .setProperty("source.reader.element.queue.capacity", "4")
                .build();
        SourceNames names = SourceNames.kafka(range.topic());
        Function<StreamExecutionEnvironment, DataStream<RawRecord>> kafka =
                env -> env.fromSource(source, WatermarkStrategy.noWatermarks(), "kafka:" + range.topic());
        ReplayResult owned = execute(settings, names, parallelism, outputs, Plan.OWNED, kafka);
        if (owned != null) {
            return owned;
        }
        // some ctx's records were in more than one partition (a producer that did not key by ctx, or
        // partitions added mid-stream); only a shuffle by ctx brings them together
        LOG.warn("{}: a ctx's events are in more than one partition (records not keyed by ctx?); "
                + "replaying again with a shuffle by ctx", range.topic());
        return execute(settings, names, parallelism, outputs, Plan.SHUFFLED, kafka);
    }

    /**
     * How a ctx's records reach its keyed replay. OWNED: the reader that reads them replays them,
     * chained, in arrival order (a file reader keeps only its own ctxs; a Kafka reader holds whole
     * partitions, and a ctx's records share one). SHUFFLED: keyBy ctx; batch mode sorts a keyed input
     * by key and timestamp, so the timestamp is the record's arrival order, not its event time.
     */
    enum Plan { OWNED, SHUFFLED }

    /** The result, or null when an OWNED run found a ctx read by two readers (then nothing was written). */
    private static ReplayResult execute(ReplaySettings settings, SourceNames names, int parallelism,
                                        ReplayOutputs outputs, Plan plan,
                                        Function<StreamExecutionEnvironment, DataStream<RawRecord>> source)
            throws Exception {
        StreamExecutionEnvironment env = Environments.create(Environments.replay(plan == Plan.SHUFFLED),
                RuntimeExecutionMode.BATCH, parallelism);
        DataStream<ReplayOutput> results = topology(settings, names, source.apply(env), plan);
        ReplayAssembler assembler = new ReplayAssembler(settings);
        try (CloseableIterator<ReplayOutput> it = results.collectAsync()) {
            StreamGraph graph = env.getStreamGraph();
            graph.setJobName("uffdtrace replay");
            if (plan == Plan.OWNED) {
                chainReplayToReaders(graph);
            }
            env.executeAsync(graph);
            it.forEachRemaining(assembler::accept);
        }
        if (plan == Plan.OWNED && assembler.ctxReadTwice()) {
            return null;
        }
        return assembler.finish(outputs::deadLetter);
    }

    /**
     * Batch mode makes every keyed operator the head of a new chain (it expects a sorted input behind
     * a shuffle); an OWNED replay's input comes straight from its readers, so it is chained back to
     * them, which is the whole point of owning: no serialization, no copy, no second decode.
     */
    private static void chainReplayToReaders(StreamGraph graph) {
        for (StreamNode node : graph.getStreamNodes()) {
            if (REPLAY.equals(node.getOperatorName())) {
                node.getOperatorFactory().setChainingStrategy(ChainingStrategy.ALWAYS);
            }
        }
    }

    /** Validation, then the keyed replay in arrival order, as {@code plan} brings each ctx's records to it. */
    static DataStream<ReplayOutput> topology(ReplaySettings settings, SourceNames names, DataStream<RawRecord> raw,
                                             Plan plan) {
        SingleOutputStreamOperator<TraceRecord> valid = raw.process(new ValidateFunction(names, plan == Plan.OWNED))
                .name("validate");
        KeyedStream<TraceRecord, Long> keyed = plan == Plan.OWNED
                ? DataStreamUtils.reinterpretAsKeyedStream(valid, r -> r.key, Types.LONG)
                : valid.assignTimestampsAndWatermarks(WatermarkStrategy.<TraceRecord>noWatermarks()
                        .withTimestampAssigner((r, previous) -> r.order)).keyBy(r -> r.key, Types.LONG);
        SingleOutputStreamOperator<FindingRecord> replayed = keyed
                .process(new ContextReplayFunction(settings, names, true, 0)).name(REPLAY);
        DataStream<GroupHistogram> latency = replayed.getSideOutput(Tags.LATENCY)
                .transform("latency totals", TypeInformation.of(GroupHistogram.class), new LatencyTotalsOperator());
        return replayed.map(f -> ReplayOutput.of(f)).returns(OUTPUT)
                .union(valid.getSideOutput(Tags.DEAD_LETTERS).map(d -> ReplayOutput.of(d)).returns(OUTPUT),
                        replayed.getSideOutput(Tags.DEAD_LETTERS).map(d -> ReplayOutput.of(d)).returns(OUTPUT),
                        replayed.getSideOutput(Tags.SUMMARIES).map(s -> ReplayOutput.of(s)).returns(OUTPUT),
                        latency.map(h -> ReplayOutput.of(h)).returns(OUTPUT));
    }
}
