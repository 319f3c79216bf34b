package dev.uffdtrace.collector.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.uffdtrace.analyzer.trace.TraceEvent;
import dev.uffdtrace.analyzer.trace.TraceJson;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 180, unit = TimeUnit.SECONDS) // generous: a loaded 2-core machine starts the first broker slowly
class KafkaEventPublisherIT {
    private static final List<String> CTXS = List.of("host-a:101:0:boot1", "host-a:102:0:boot1", "host-b:7:3:boot2");
    private static final int PER_CTX = 2_000;

    private static EmbeddedKafkaBroker kafka;

    @BeforeAll
    static void startBroker() throws IOException {
        kafka = EmbeddedKafkaBroker.start(null);
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void everyEventArrivesExactlyOnceInSeqOrderPerCtx() throws Exception {
        String topic = "publish-order";
        kafka.createTopic(topic, 2);
        try (KafkaEventPublisher publisher = new KafkaEventPublisher(kafka.bootstrap(), topic)) {
            // interleave the ctxs as a collector would
            for (int seq = 0; seq < PER_CTX; seq++) {
                for (String ctx : CTXS) {
                    publisher.publish(TraceEvents.fault(ctx, seq));
                }
            }
            publisher.flush();
            assertThat(publisher.acknowledgedSends()).isEqualTo((long) PER_CTX * CTXS.size());
            assertThat(publisher.failedSends()).isZero();
        }

        assertExactlyOnceInOrder(readAll(kafka.bootstrap(), topic, PER_CTX * CTXS.size()));
    }

    @Test
    void aBrokerRestartMidStreamLosesAndDuplicatesNothing(@TempDir Path dir) throws Exception {
        String topic = "restart";
        EmbeddedKafkaBroker own = EmbeddedKafkaBroker.start(dir);
        try {
            own.createTopic(topic, 2);
            try (KafkaEventPublisher publisher = new KafkaEventPublisher(own.bootstrap(), topic)) {
                for (int seq = 0; seq < PER_CTX; seq++) {
                    if (seq == PER_CTX / 2) {
                        // batches in flight or buffered now; the producer retries them once it is back
                        own.close();
                        own = EmbeddedKafkaBroker.start(dir);
                    }
                    for (String ctx : CTXS) {
                        publisher.publish(TraceEvents.fault(ctx, seq));
                    }
                }
                publisher.flush();
                assertThat(publisher.failedSends()).isZero();
            }
            assertExactlyOnceInOrder(readAll(own.bootstrap(), topic, PER_CTX * CTXS.size()));
        } finally {
            own.close();
        }
    }

    @Test
    void aMissingTopicFailsTheFlushInsteadOfHanging() {
        Properties fast = new Properties();
        fast.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "1500");
        long start = System.nanoTime();
        KafkaEventPublisher publisher = new KafkaEventPublisher(kafka.bootstrap(), "no-such-topic", fast);
        assertThatThrownBy(() -> {
            try (publisher) {
                publisher.publish(TraceEvents.fault("c", 0));
                publisher.flush();
            }
        }).isInstanceOf(IOException.class).hasMessageStartingWith("kafka:no-such-topic: ");
        assertThat(publisher.failedSends()).isEqualTo(1);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
    }

    /** Every ctx's events 0..PER_CTX-1, each once, in seq order, keyed by ctx. */
    private static void assertExactlyOnceInOrder(List<ConsumerRecord<String, byte[]>> records) throws Exception {
        Map<String, List<Long>> seqsByCtx = new TreeMap<>();
        TraceJson json = new TraceJson();
        for (ConsumerRecord<String, byte[]> r : records) {
            TraceEvent e = json.decode(r.value(), 0, r.value().length);
            assertThat(r.key()).isEqualTo(e.ctx());
            assertThat(e).isEqualTo(TraceEvents.fault(e.ctx(), e.seq()));
            seqsByCtx.computeIfAbsent(e.ctx(), k -> new ArrayList<>()).add(e.seq());
        }
        List<Long> expected = LongStream.range(0, PER_CTX).boxed().collect(Collectors.toList());
        assertThat(seqsByCtx).containsOnlyKeys(CTXS);
        seqsByCtx.forEach((ctx, seqs) -> assertThat(seqs).as(ctx).containsExactlyElementsOf(expected));
    }

    /** Reads the whole topic as a transactional reader would, until {@code expected} records or 30 s. */
    private static List<ConsumerRecord<String, byte[]>> readAll(String bootstrap, String topic, int expected) {
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> tps = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).collect(Collectors.toList());
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (out.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
            // anything beyond the expected count would be a duplicate: give it a moment to show up
            consumer.poll(Duration.ofMillis(500)).forEach(out::add);
        }
        assertThat(out).hasSize(expected);
        return out;
    }
}
