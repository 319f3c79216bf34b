package dev.uffdtrace.pipeline;

import dev.uffdtrace.pipeline.io.JsonRecords;
import dev.uffdtrace.pipeline.io.KafkaTraceDeserializer;
import dev.uffdtrace.pipeline.io.OutputJson;
import dev.uffdtrace.pipeline.io.SourceNames;
import dev.uffdtrace.pipeline.model.AlertRecord;
import dev.uffdtrace.pipeline.model.DeadLetterRecord;
import dev.uffdtrace.pipeline.model.FindingRecord;
import dev.uffdtrace.pipeline.model.LatencyWindow;
import dev.uffdtrace.pipeline.model.RawRecord;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * The streaming job on Kafka: the events topic in (read_committed, from the group's committed offsets
 * or the start), and findings, alerts, latency windows and dead letters out through transactional
 * sinks (exactly once: records become visible to read_committed consumers when a checkpoint completes).
 */
public final class KafkaPipeline {
    /** Producer transactions must end within the broker's transaction.max.timeout.ms (15 min by default). */
    static final String TRANSACTION_TIMEOUT_MS = "600000";

    /** The five topics of the job. */
    public record Topics(String events, String findings, String alerts, String latency, String deadLetters) {
        public static Topics defaults() {
            return new Topics("uffd-events", "uffd-findings", "uffd-alerts", "uffd-latency", "uffd-deadletter");
        }
    }

    private KafkaPipeline() {
    }

    /** The job over {@code bootstrap}; {@code transactionalIdPrefix} must be unique per running job. */
    public static TraceJob job(String bootstrap, Topics topics, JobSettings settings, String transactionalIdPrefix) {
        KafkaSource<RawRecord> source = KafkaSource.<RawRecord>builder()
                .setBootstrapServers(bootstrap)
                .setTopics(topics.events())
                .setGroupId(transactionalIdPrefix)
                .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                .setDeserializer(new KafkaTraceDeserializer())
                .setProperty("isolation.level", "read_committed")
                .build();
        TraceJob.Sinks sinks = new TraceJob.Sinks(
                KafkaPipeline.<FindingRecord>sink(bootstrap, transactionalIdPrefix + "-findings",
                        new JsonRecords<>(topics.findings(), f -> f.ctx, OutputJson::finding)),
                KafkaPipeline.<AlertRecord>sink(bootstrap, transactionalIdPrefix + "-alerts",
                        new JsonRecords<>(topics.alerts(), a -> a.ctx, OutputJson::alert)),
                KafkaPipeline.<LatencyWindow>sink(bootstrap, transactionalIdPrefix + "-latency",
                        new JsonRecords<>(topics.latency(), KafkaPipeline::groupKey, OutputJson::latencyWindow)),
                KafkaPipeline.<DeadLetterRecord>sink(bootstrap, transactionalIdPrefix + "-deadletter",
                        new JsonRecords<>(topics.deadLetters(), d -> d.source, OutputJson::deadLetter)));
        return new TraceJob(source, SourceNames.kafka(topics.events()), settings, sinks);
    }

    static <T> KafkaSink<T> sink(String bootstrap, String transactionalIdPrefix, JsonRecords<T> records) {
        return KafkaSink.<T>builder()
                .setBootstrapServers(bootstrap)
                .setRecordSerializer(records)
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix(transactionalIdPrefix)
                .setProperty("transaction.timeout.ms", TRANSACTION_TIMEOUT_MS)
                .build();
    }

    private static String groupKey(LatencyWindow w) {
        return w.mem + "/" + w.fault + "/" + w.op;
    }
}
