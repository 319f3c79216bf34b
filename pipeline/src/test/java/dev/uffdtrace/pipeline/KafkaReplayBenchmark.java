package dev.uffdtrace.pipeline;

import dev.uffdtrace.analyzer.replay.ReplayResult;
import dev.uffdtrace.analyzer.replay.TraceReplay;
import dev.uffdtrace.analyzer.replay.ReplaySettings;
import dev.uffdtrace.analyzer.report.ReplayOutputs;
import dev.uffdtrace.analyzer.trace.CtxPeek;
import dev.uffdtrace.analyzer.trace.LineCursor;
import dev.uffdtrace.analyzer.trace.TraceReader;
import dev.uffdtrace.collector.kafka.KafkaTraceReader;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The bounded replay from Kafka, for {@code pipeline/bench/kafka-replay-bench.sh}; not a test.
 * <pre>
 *   generate EVENTS TRACE                     a production-shaped trace (1000 ctxs), as ReplayBenchmark's
 *   load   BOOTSTRAP TOPIC PARTITIONS TRACE     publish a trace file, one record per line keyed by ctx
 *   replay BOOTSTRAP TOPIC TRACE OUT P[,P...]   replay the topic on Flink at each parallelism P (or, for
 *                                               P = direct, the analyzer's one-thread replay behind a plain
 *                                               consumer, as {@code replay --engine direct kafka:T}), compare
 *                                               findings.jsonl and latency.json with the direct replay
 *                                               of TRACE, print one JSON line per run
 * </pre>
 */
public final class KafkaReplayBenchmark {
    private KafkaReplayBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "generate" -> ReplayBenchmark.generate(Path.of(args[2]), Long.parseLong(args[1]), 1000);
            case "load" -> load(args[1], args[2], Integer.parseInt(args[3]), Path.of(args[4]));
            case "replay" -> replay(args[1], args[2], Path.of(args[3]), Path.of(args[4]), args[5]);
            default -> throw new IllegalArgumentException("load | replay, not " + args[0]);
        }
    }

    private static void load(String bootstrap, String topic, int partitions, Path trace) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
        }
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"); // as the collector publishes
        p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        long t0 = System.nanoTime();
        long n = 0;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
             InputStream in = TraceReader.open(trace)) {
            LineCursor c = new LineCursor(in, TraceReader.MAX_LINE_BYTES);
            while (c.next()) {
                if (c.blank()) {
                    continue;
                }
                byte[] line = c.copy();
                long ctx = CtxPeek.find(line, 0, line.length);
                byte[] key = ctx == CtxPeek.UNKNOWN ? "invalid".getBytes(StandardCharsets.UTF_8)
                        : Arrays.copyOfRange(line, (int) (ctx >>> 32), (int) (ctx >>> 32) + (int) ctx);
                producer.send(new ProducerRecord<>(topic, key, line));
                n++;
            }
            producer.flush();
        }
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "{\"run\":\"load\",\"records\":%d,\"seconds\":%.2f,\"records_per_s\":%.0f}%n", n, s, n / s);
    }

    private static void replay(String bootstrap, String topic, Path trace, Path out, String parallelisms) throws Exception {
        ReplaySettings settings = ReplaySettings.defaults();
        FlinkReplayIT.direct(settings, List.of(trace), out.resolve("direct"));
        for (String ps : parallelisms.split(",")) {
            int parallelism = ps.equals("direct") ? 0 : Integer.parseInt(ps);
            Path dir = out.resolve("kafka-p" + parallelism + "-" + System.nanoTime());
            long t0 = System.nanoTime();
            long c0 = ReplayBenchmark.cpuNanos();
            ReplayResult r;
            try (ReplayOutputs outputs = new ReplayOutputs(dir)) {
                if (parallelism == 0) { // the analyzer's own replay on one thread behind a plain consumer
                    TraceReplay direct = new TraceReplay(settings, outputs::deadLetter);
                    new KafkaTraceReader(bootstrap, topic).read(direct);
                    r = direct.finish();
                } else {
                    r = FlinkReplay.runKafka(settings, new KafkaRange(bootstrap, topic, null, null), parallelism, outputs);
                }
                outputs.finish(r);
            }
            double s = (System.nanoTime() - t0) / 1e9;
            double cpu = (ReplayBenchmark.cpuNanos() - c0) / 1e9;
            long records = r.events() + r.invalid() + r.duplicates();
            boolean same = sameFile(out.resolve("direct"), dir, ReplayOutputs.FINDINGS)
                    && sameFile(out.resolve("direct"), dir, ReplayOutputs.LATENCY);
            System.out.printf(Locale.ROOT, "{\"run\":\"%s\",\"parallelism\":%d,\"records\":%d,\"seconds\":%.2f,"
                    + "\"records_per_s\":%.0f,\"cpu_s\":%.2f,\"cpu_us_per_record\":%.3f,\"equal_to_direct\":%b}%n",
                    parallelism == 0 ? "direct-kafka" : "flink-kafka", parallelism, records, s, records / s, cpu, cpu * 1e6 / records, same);
        }
    }

    private static boolean sameFile(Path a, Path b, String name) throws Exception {
        return Files.mismatch(a.resolve(name), b.resolve(name)) == -1;
    }
}
