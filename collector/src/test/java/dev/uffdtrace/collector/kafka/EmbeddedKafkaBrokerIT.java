package dev.uffdtrace.collector.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 180, unit = TimeUnit.SECONDS) // generous: a loaded 2-core machine starts the first broker slowly
class EmbeddedKafkaBrokerIT {

    @Test
    void startsCreatesATopicAndRoundTripsRecords() throws Exception {
        Path dataDir;
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start(null)) {
            dataDir = kafka.dataDir();
            assertThat(kafka.bootstrap()).startsWith("127.0.0.1:");
            kafka.createTopic("roundtrip", 2);
            kafka.createTopic("roundtrip", 2); // an existing topic is fine

            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap(),
                    ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 20_000,
                    ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000),
                    new StringSerializer(), new StringSerializer())) {
                for (int i = 0; i < 10; i++) {
                    producer.send(new ProducerRecord<>("roundtrip", "k" + (i % 3), "v" + i)).get(20, TimeUnit.SECONDS);
                }
            }

            List<String> values = new ArrayList<>();
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap(),
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                    new StringDeserializer(), new StringDeserializer())) {
                List<TopicPartition> tps = List.of(new TopicPartition("roundtrip", 0), new TopicPartition("roundtrip", 1));
                consumer.assign(tps);
                consumer.seekToBeginning(tps);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (values.size() < 10 && System.nanoTime() < deadline) {
                    for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                        values.add(r.value());
                    }
                }
            }
            assertThat(values).containsExactlyInAnyOrder("v0", "v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8", "v9");
        }
        assertThat(dataDir).doesNotExist();
    }

    @Test
    void restartsOnAGivenDataDirectoryWithItsData(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("kafka");
        String bootstrap;
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start(dir)) {
            bootstrap = kafka.bootstrap();
            kafka.createTopic("kept", 1);
            try (KafkaEventPublisher publisher = new KafkaEventPublisher(kafka.bootstrap(), "kept")) {
                for (int seq = 0; seq < 5; seq++) {
                    publisher.publish(TraceEvents.fault("c", seq));
                }
            }
        }
        assertThat(dir.resolve("log").resolve("meta.properties")).exists();
        try (Stream<Path> files = Files.list(dir.resolve("log"))) {
            assertThat(files.map(p -> p.getFileName().toString())).contains("kept-0");
        }

        try (EmbeddedKafkaBroker again = EmbeddedKafkaBroker.start(dir)) {
            assertThat(again.bootstrap()).isEqualTo(bootstrap);
            RecordingSink sink = new RecordingSink();
            assertThat(new KafkaTraceReader(again.bootstrap(), "kept").read(sink)).isEqualTo(5);
            assertThat(sink.seqs("c")).containsExactly(0L, 1L, 2L, 3L, 4L);
        }
    }
}
