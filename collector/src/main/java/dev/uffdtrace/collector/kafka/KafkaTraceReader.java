package dev.uffdtrace.collector.kafka;

import dev.uffdtrace.analyzer.trace.DeadLetter;
import dev.uffdtrace.analyzer.trace.InvalidRecordException;
import dev.uffdtrace.analyzer.trace.TraceJson;
import dev.uffdtrace.analyzer.trace.TraceSink;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads a bounded range of a topic, every partition, into a {@link TraceSink} for offline replay.
 * The range is {@code [from, to)} in each partition; by default from the beginning to the end
 * offsets as they are when the read starts, so records published meanwhile are not read.
 * Records are read committed (aborted transactions are skipped). Each record becomes
 * {@code sink.position("kafka:TOPIC:PARTITION:OFFSET", 0)} then {@code sink.event(e)}, or a
 * {@link DeadLetter} with that source when its value is not a valid event.
 *
 * <p>A read fails with an {@link IOException} of one line when the broker does not answer, the
 * topic does not exist, or no record arrives for {@link #timeout(Duration)} (15 s by default);
 * it never waits longer than that for the broker.
 *
 * <pre>{@code
 * long n = new KafkaTraceReader("127.0.0.1:9092", "uffd-events")
 *         .from(ReadBound.parse("2026-11-28T14:00:00Z"))
 *         .read(sink);
 * }</pre>
 */
public final class KafkaTraceReader {
    /** Told how far a read is, after every batch of records and at the end. */
    @FunctionalInterface
    public interface Progress {
        /** @param total the records in the range; an upper bound where compaction or transaction markers left gaps */
        void update(long read, long total);
    }

    private final String bootstrap;
    private final String topic;
    private ReadBound from;
    private ReadBound to;
    private Duration timeout = Duration.ofSeconds(15);
    private Progress progress = (read, total) -> { };
    private final Properties overrides = new Properties();

    public KafkaTraceReader(String bootstrap, String topic) {
        this.bootstrap = Objects.requireNonNull(bootstrap, "bootstrap");
        this.topic = Objects.requireNonNull(topic, "topic");
        if (topic.isEmpty()) {
            throw new IllegalArgumentException("topic: must not be empty");
        }
    }

    /** Where to start, inclusive; null for the beginning of each partition. */
    public KafkaTraceReader from(ReadBound bound) {
        this.from = bound;
        return this;
    }

    /** Where to stop, exclusive; null for each partition's end offset when the read starts. */
    public KafkaTraceReader to(ReadBound bound) {
        this.to = bound;
        return this;
    }

    /** How long to wait for the broker's answers, and for the next record of an unfinished range. */
    public KafkaTraceReader timeout(Duration t) {
        if (t == null || t.isNegative() || t.isZero()) {
            throw new IllegalArgumentException("timeout: must be positive, was " + t);
        }
        this.timeout = t;
        return this;
    }

    public KafkaTraceReader progress(Progress p) {
        this.progress = Objects.requireNonNull(p, "progress");
        return this;
    }

    /** Extra consumer settings (security, fetch sizes); they replace the defaults. */
    public KafkaTraceReader consumerProperties(Properties extra) {
        overrides.putAll(extra);
        return this;
    }

    /** Reads the range into {@code sink}; returns the number of records read (events and dead letters). */
    public long read(TraceSink sink) throws IOException {
        Objects.requireNonNull(sink, "sink");
        KafkaConsumer<byte[], byte[]> consumer;
        try {
            consumer = new KafkaConsumer<>(consumerConfig(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        } catch (KafkaException e) {
            throw failure("cannot create a consumer", e);
        }
        try {
            return read(consumer, sink);
        } catch (TimeoutException e) {
            throw new IOException(name() + ": broker at " + bootstrap + " did not answer within " + seconds(timeout), e);
        } catch (InterruptException e) {
            InterruptedIOException io = new InterruptedIOException(name() + ": interrupted");
            io.initCause(e);
            throw io;
        } catch (KafkaException e) {
            throw failure("read failed", e);
        } finally {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
        }
    }

    private long read(KafkaConsumer<byte[], byte[]> consumer, TraceSink sink) throws IOException {
        Range range = range(consumer);
        // the partitions still to read, with their stop offsets; only these are assigned
        Map<TopicPartition, Long> open = new HashMap<>(range.stop);
        open.keySet().removeIf(tp -> range.start.get(tp) >= range.stop.get(tp));
        consumer.assign(open.keySet());
        open.keySet().forEach(tp -> consumer.seek(tp, range.start.get(tp)));
        Map<TopicPartition, String> sources = open.keySet().stream()
                .collect(Collectors.toMap(tp -> tp, tp -> name() + ":" + tp.partition() + ":"));

        TraceJson json = new TraceJson();
        long read = 0;
        long lastProgress = System.nanoTime();
        while (!open.isEmpty()) {
            long before = read;
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                Long stop = open.get(tp);
                if (stop != null && r.offset() < stop) {
                    deliver(json, sources.get(tp) + r.offset(), r.value(), sink);
                    read++;
                }
            }
            boolean finished = retireFinished(consumer, open);
            if (read > before || finished) {
                lastProgress = System.nanoTime();
                progress.update(read, range.total);
            } else if (System.nanoTime() - lastProgress > timeout.toNanos()) {
                throw stalled(consumer, open);
            }
        }
        progress.update(read, range.total);
        return read;
    }

    /**
     * Stops reading the partitions whose position reached their stop offset; true if there were any.
     * Finished by position, not by the last record seen: transaction markers and compaction leave gaps.
     */
    private boolean retireFinished(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> open) {
        List<TopicPartition> done = open.entrySet().stream()
                .filter(e -> consumer.position(e.getKey(), timeout) >= e.getValue())
                .map(Map.Entry::getKey).collect(Collectors.toList());
        consumer.pause(done);
        open.keySet().removeAll(done);
        return !done.isEmpty();
    }

    private IOException stalled(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> open) {
        var e = open.entrySet().iterator().next();
        return new IOException(name() + ": no record for " + seconds(timeout) + " with " + open.size()
                + " partition(s) unfinished, e.g. partition " + e.getKey().partition() + " at offset "
                + consumer.position(e.getKey(), timeout) + " of " + e.getValue() + " (is the broker at " + bootstrap
                + " still up?)");
    }

    private static void deliver(TraceJson json, String source, byte[] value, TraceSink sink) {
        if (value == null) {
            sink.deadLetter(new DeadLetter(source, 0, "no value (a tombstone)", ""));
            return;
        }
        try {
            var event = json.decode(value, 0, value.length);
            sink.position(source, 0);
            sink.event(event);
        } catch (InvalidRecordException e) {
            sink.deadLetter(new DeadLetter(source, 0, e.getMessage(), DeadLetter.rawText(value, 0, value.length)));
        }
    }

    /** Start and stop offset of every partition, each clamped to what the partition holds. */
    private record Range(Map<TopicPartition, Long> start, Map<TopicPartition, Long> stop, long total) {
    }

    private Range range(KafkaConsumer<byte[], byte[]> consumer) throws IOException {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
        if (infos == null || infos.isEmpty()) {
            throw new IOException(name() + ": no such topic at " + bootstrap);
        }
        List<TopicPartition> tps = infos.stream().map(p -> new TopicPartition(topic, p.partition()))
                .collect(Collectors.toList());
        Map<TopicPartition, Long> begin = consumer.beginningOffsets(tps, timeout);
        Map<TopicPartition, Long> end = consumer.endOffsets(tps, timeout);
        Map<TopicPartition, Long> start = resolve(consumer, from, begin, end);
        Map<TopicPartition, Long> stop = resolve(consumer, to, end, end);
        long total = 0;
        for (TopicPartition tp : tps) {
            start.put(tp, Math.max(start.get(tp), begin.get(tp)));
            total += Math.max(0, stop.get(tp) - start.get(tp));
        }
        return new Range(start, stop, total);
    }

    /** Each partition's offset for {@code bound}, no later than its end; {@code absent} when there is no bound. */
    private Map<TopicPartition, Long> resolve(KafkaConsumer<byte[], byte[]> consumer, ReadBound bound,
                                              Map<TopicPartition, Long> absent, Map<TopicPartition, Long> end) {
        Map<TopicPartition, Long> out = new HashMap<>();
        if (bound == null) {
            out.putAll(absent);
        } else if (!bound.isTime()) {
            end.forEach((tp, e) -> out.put(tp, Math.min(bound.offset(), e)));
        } else {
            Map<TopicPartition, Long> query = new HashMap<>();
            end.keySet().forEach(tp -> query.put(tp, bound.time().toEpochMilli()));
            Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query, timeout);
            // no record at or after the time: the partition's range starts or ends at its end
            end.forEach((tp, e) -> out.put(tp, found.get(tp) == null ? e : Math.min(found.get(tp).offset(), e)));
        }
        return out;
    }

    private Properties consumerConfig() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "uffdtrace-replay");
        // assigned partitions, no group: a replay commits nothing and joins nothing
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(4 << 20));
        p.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(Math.min(timeout.toMillis(), 30_000)));
        p.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Long.toString(timeout.toMillis()));
        p.putAll(overrides);
        return p;
    }

    private IOException failure(String what, KafkaException e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String detail = root == e ? String.valueOf(e.getMessage()) : e.getMessage() + ": " + root.getMessage();
        return new IOException(name() + ": " + what + ": " + detail.replace('\n', ' '), e);
    }

    private String name() {
        return "kafka:" + topic;
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}
