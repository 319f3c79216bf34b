package dev.uffdtrace.pipeline;

import dev.uffdtrace.analyzer.trace.InvalidRecordException;
import dev.uffdtrace.analyzer.trace.TraceJson;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Publishing trace lines (keyed by ctx) and reading a topic as a read_committed consumer. */
final class KafkaIO {
    private KafkaIO() {
    }

    static void publish(String bootstrap, String topic, List<String> lines) throws Exception {
        publish(bootstrap, topic, lines, null);
    }

    /** Publishes to the partition {@code partitionOf} names for each line (the key's by default, when null). */
    static void publish(String bootstrap, String topic, List<String> lines, ToIntFunction<String> partitionOf)
            throws Exception {
        TraceJson json = new TraceJson();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5), new StringSerializer(), new StringSerializer())) {
            for (String line : lines) {
                if (line.isBlank()) {
                    continue; // a file's blank line is no record; on Kafka it would be a dead letter
                }
                String key;
                try {
                    key = json.decode(line).ctx();
                } catch (InvalidRecordException e) {
                    key = "invalid";
                }
                producer.send(partitionOf == null ? new ProducerRecord<>(topic, key, line)
                        : new ProducerRecord<>(topic, partitionOf.applyAsInt(line), key, line));
            }
            producer.flush();
        }
    }

    /** Reads the topic from its start until {@code done} holds for what was read, or the timeout passes. */
    static List<String> readCommitted(String bootstrap, String topic, Predicate<List<String>> done, Duration timeout) {
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + topic + "-" + System.nanoTime()),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!done.test(values) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    values.add(r.value());
                }
            }
            // a little longer: anything beyond what was expected would be a duplicate
            long settle = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            while (System.nanoTime() < settle) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    values.add(r.value());
                }
            }
        }
        return values;
    }
}
