package dev.uffdtrace.collector.kafka;

import dev.uffdtrace.analyzer.trace.TraceEvent;
import dev.uffdtrace.analyzer.trace.TraceJson;
import dev.uffdtrace.collector.publish.EventPublisher;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes each event as one Kafka record: key = {@code ctx}, value = the event's JSON
 * (TRACE-FORMAT). The producer is idempotent with {@code acks=all}, so retries neither duplicate
 * nor reorder a ctx's events, and Kafka keeps them in {@code seq} order per key.
 *
 * <p>Sends are asynchronous. A send that fails (after the producer's retries, within
 * {@code delivery.timeout.ms}, 30 s) is counted ({@link #failedSends()}); the first failure is
 * thrown by the next {@link #flush()} or {@link #close()}, or at once by {@link #publish}. After a
 * failure a ctx's stream may have a hole, so {@link #publish} refuses further events. Not
 * thread-safe: one publishing thread, as {@link EventPublisher} says.
 *
 * <p>The work per event is kept small because it runs beside the fault loop on the same CPUs:
 * the JSON comes from the codec's hand-written encoder, a ctx's key bytes are made once and
 * reused, and every send shares one callback.
 *
 * <pre>{@code
 * try (KafkaEventPublisher out = new KafkaEventPublisher("127.0.0.1:9092", "uffd-events")) {
 *     out.publish(event);
 * } // close() flushes and throws if any send failed
 * }</pre>
 */
public final class KafkaEventPublisher implements EventPublisher {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaEventPublisher.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);
    /** ctxs whose key bytes are kept; past this the cache starts over, so it stays bounded. */
    private static final int KEYS_KEPT = 1024;

    private final Producer<byte[], byte[]> producer;
    private final String topic;
    private final TraceJson json = new TraceJson();
    private final Map<String, byte[]> keys = new HashMap<>();
    private String lastCtx;
    private byte[] lastKey;
    private final Callback onCompletion = this::completed;
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicReference<Exception> firstFailure = new AtomicReference<>();
    private boolean closed;

    public KafkaEventPublisher(String bootstrap, String topic) {
        this(bootstrap, topic, new Properties());
    }

    /** @param overrides producer settings that replace the defaults below (serializers are fixed) */
    public KafkaEventPublisher(String bootstrap, String topic, Properties overrides) {
        this(newProducer(requireTopic(topic), bootstrap, overrides), topic);
    }

    /** For tests: any producer, e.g. a {@code MockProducer}. */
    KafkaEventPublisher(Producer<byte[], byte[]> producer, String topic) {
        this.producer = Objects.requireNonNull(producer, "producer");
        this.topic = requireTopic(topic);
    }

    /** Takes the checked topic so that a bad one is rejected before a producer exists. */
    private static Producer<byte[], byte[]> newProducer(String checkedTopic, String bootstrap, Properties overrides) {
        // the key is the ctx in UTF-8, as a StringSerializer would make it, but made once per ctx (keyOf)
        return new KafkaProducer<>(config(bootstrap, overrides), new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** The producer settings: durable, ordered per ctx, and batched for throughput. */
    static Properties config(String bootstrap, Properties overrides) {
        Objects.requireNonNull(bootstrap, "bootstrap");
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "uffdtrace-publisher");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        // idempotence keeps order with up to 5 requests in flight per partition
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
        // events are ~150 bytes of repetitive JSON; with lz4 they were published faster here than
        // uncompressed or with zstd (KafkaThroughputIT), the broker writing less for little CPU
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024));
        p.put(ProducerConfig.LINGER_MS_CONFIG, "10");
        p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, Long.toString(64L * 1024 * 1024));
        // bounds: send() blocks at most max.block.ms (metadata, full buffer); flush() at most delivery.timeout.ms
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "15000");
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "30000");
        if (overrides != null) {
            p.putAll(overrides);
        }
        return p;
    }

    @Override
    public void publish(TraceEvent event) throws IOException {
        if (closed) {
            throw new IOException("kafka:" + topic + ": publisher is closed");
        }
        Exception failure = firstFailure.get();
        if (failure != null) {
            throw failed("refusing to publish ctx " + event.ctx() + " seq " + event.seq(), failure);
        }
        try {
            producer.send(new ProducerRecord<>(topic, keyOf(event.ctx()), json.encodeBytes(event)), onCompletion);
        } catch (InterruptException e) {
            throw interrupted(e);
        } catch (KafkaException e) {
            // what fails before the record is queued (serialization, a fatal producer state); the
            // rest, even a metadata timeout, comes to the callback
            onFailure(e);
            throw failed("send of ctx " + event.ctx() + " seq " + event.seq(), e);
        }
    }

    /** The ctx's UTF-8 bytes; the loop's events share its ctx string, so identity finds most. */
    private byte[] keyOf(String ctx) {
        if (ctx == lastCtx) {
            return lastKey;
        }
        byte[] key = keys.get(ctx);
        if (key == null) {
            if (keys.size() >= KEYS_KEPT) {
                keys.clear();
            }
            key = ctx.getBytes(StandardCharsets.UTF_8);
            keys.put(ctx, key);
        }
        lastCtx = ctx;
        lastKey = key;
        return key;
    }

    /**
     * The one callback of every send (on the producer's I/O thread). It does not know which
     * event failed: a failure ends the whole stream anyway, and the partition says where.
     */
    private void completed(RecordMetadata metadata, Exception e) {
        if (e == null) {
            acknowledged.incrementAndGet();
        } else if (onFailure(e)) {
            // logged here because nobody may call flush() for a while; the exception is thrown there
            LOG.error("kafka:{}: a send to partition {} failed; the publisher stops: {}", topic,
                    metadata == null ? "?" : metadata.partition(), e.toString());
        }
    }

    /** Returns when every event published so far is acknowledged or failed; throws if any failed. */
    @Override
    public void flush() throws IOException {
        if (closed) {
            throw new IOException("kafka:" + topic + ": publisher is closed");
        }
        try {
            producer.flush();
        } catch (InterruptException e) {
            throw interrupted(e);
        }
        throwIfFailed();
    }

    /** Flushes, closes the producer, and throws if any send failed. Closing twice does nothing. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            producer.flush();
        } catch (InterruptException e) {
            throw interrupted(e);
        } finally {
            producer.close(CLOSE_TIMEOUT);
        }
        throwIfFailed();
    }

    /** Events the broker has acknowledged. */
    public long acknowledgedSends() {
        return acknowledged.get();
    }

    /** Events whose send failed (after the producer's own retries). */
    public long failedSends() {
        return failed.get();
    }

    /** Counts a failed send; true if it is the first. */
    private boolean onFailure(Exception e) {
        failed.incrementAndGet();
        return firstFailure.compareAndSet(null, e);
    }

    private void throwIfFailed() throws IOException {
        Exception failure = firstFailure.get();
        if (failure != null) {
            throw failed(failed.get() + " send(s) failed", failure);
        }
    }

    private IOException failed(String what, Exception cause) {
        return new IOException("kafka:" + topic + ": " + what + ", first failure: " + cause, cause);
    }

    private IOException interrupted(InterruptException e) {
        // Kafka has already restored the interrupt flag
        InterruptedIOException io = new InterruptedIOException("kafka:" + topic + ": interrupted");
        io.initCause(e);
        return io;
    }

    private static String requireTopic(String topic) {
        Objects.requireNonNull(topic, "topic");
        if (topic.isEmpty()) {
            throw new IllegalArgumentException("topic: must not be empty");
        }
        return topic;
    }
}
