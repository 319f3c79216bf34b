package dev.uffdtrace.collector.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import dev.uffdtrace.analyzer.trace.DeadLetter;
import dev.uffdtrace.analyzer.trace.InvalidRecordException;
import dev.uffdtrace.analyzer.trace.TraceEvent;
import dev.uffdtrace.analyzer.trace.TraceJson;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 180, unit = TimeUnit.SECONDS) // generous: a loaded 2-core machine starts the first broker slowly
class KafkaTraceReaderIT {
    private static final TraceJson JSON = new TraceJson();
    private static EmbeddedKafkaBroker kafka;
    private static KafkaProducer<String, byte[]> producer;

    @BeforeAll
    static void startBroker() throws IOException {
        kafka = EmbeddedKafkaBroker.start(null);
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap(),
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 20_000, ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000),
                new StringSerializer(), new ByteArraySerializer());
    }

    @AfterAll
    static void stopBroker() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void readsTheWholeTopicAsItWasWhenTheReadStarted() throws Exception {
        String topic = "whole";
        kafka.createTopic(topic, 2);
        try (KafkaEventPublisher publisher = new KafkaEventPublisher(kafka.bootstrap(), topic)) {
            for (int seq = 0; seq < 100; seq++) {
                publisher.publish(TraceEvents.fault("a", seq));
                publisher.publish(TraceEvents.fault("b", seq));
            }
        }
        List<long[]> progress = new ArrayList<>();
        RecordingSink sink = new RecordingSink() {
            @Override
            public void event(TraceEvent e) {
                super.event(e);
                if (events.size() == 1) {
                    // published during the read: after the end offsets were taken, so not read
                    for (int seq = 100; seq < 150; seq++) {
                        send(topic, null, null, JSON.encodeBytes(TraceEvents.fault("a", seq)));
                    }
                    producer.flush();
                }
            }
        };
        long n = new KafkaTraceReader(kafka.bootstrap(), topic)
                .progress((read, total) -> progress.add(new long[] {read, total}))
                .read(sink);

        assertThat(n).isEqualTo(200);
        assertThat(sink.deadLetters).isEmpty();
        assertThat(sink.seqs("a")).containsExactlyElementsOf(range(0, 100));
        assertThat(sink.seqs("b")).containsExactlyElementsOf(range(0, 100));
        assertThat(sink.sources).allMatch(s -> s.matches("kafka:whole:[01]:\\d+"));
        assertThat(progress.get(progress.size() - 1)).containsExactly(200, 200);
    }

    @Test
    void readsAnOffsetRangeOfEveryPartition() throws Exception {
        String topic = "offsets";
        kafka.createTopic(topic, 2);
        for (int seq = 0; seq < 50; seq++) {
            send(topic, 0, null, JSON.encodeBytes(TraceEvents.fault("p0", seq)));
            send(topic, 1, null, JSON.encodeBytes(TraceEvents.fault("p1", seq)));
        }
        producer.flush();

        RecordingSink sink = new RecordingSink();
        long n = new KafkaTraceReader(kafka.bootstrap(), topic).from(ReadBound.parse("10")).to(ReadBound.parse("20"))
                .read(sink);

        assertThat(n).isEqualTo(20);
        assertThat(sink.seqs("p0")).containsExactlyElementsOf(range(10, 20));
        assertThat(sink.seqs("p1")).containsExactlyElementsOf(range(10, 20));
        assertThat(sink.sources).contains("kafka:offsets:0:10", "kafka:offsets:1:19").doesNotContain("kafka:offsets:0:20");

        // a range beyond the end reads nothing and still ends
        assertThat(new KafkaTraceReader(kafka.bootstrap(), topic).from(ReadBound.offset(500)).read(new RecordingSink())).isZero();
    }

    @Test
    void readsATimeRangeByRecordTimestamps() throws Exception {
        String topic = "times";
        kafka.createTopic(topic, 1);
        Instant t0 = Instant.now().minus(10, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
        for (int seq = 0; seq < 60; seq++) {
            send(topic, 0, t0.plusSeconds(seq).toEpochMilli(), JSON.encodeBytes(TraceEvents.fault("t", seq)));
        }
        producer.flush();

        RecordingSink sink = new RecordingSink();
        new KafkaTraceReader(kafka.bootstrap(), topic)
                .from(ReadBound.parse(t0.plusSeconds(15).toString()))
                .to(ReadBound.parse(t0.plusSeconds(25).atOffset(ZoneOffset.ofHours(2)).toString()))
                .read(sink);
        assertThat(sink.seqs("t")).containsExactlyElementsOf(range(15, 25));

        RecordingSink tail = new RecordingSink();
        new KafkaTraceReader(kafka.bootstrap(), topic).from(ReadBound.time(t0.plusSeconds(55))).read(tail);
        assertThat(tail.seqs("t")).containsExactlyElementsOf(range(55, 60));

        RecordingSink future = new RecordingSink();
        new KafkaTraceReader(kafka.bootstrap(), topic).from(ReadBound.time(Instant.now().plusSeconds(3600))).read(future);
        assertThat(future.events).isEmpty();
    }

    @Test
    void anInvalidRecordBecomesADeadLetterNamingItsPartitionAndOffset() throws Exception {
        String topic = "invalid";
        kafka.createTopic(topic, 1);
        byte[] missingSeq = "{\"v\":1,\"type\":\"close\",\"ctx\":\"c\",\"mono_ns\":1,\"time_us\":2}".getBytes(StandardCharsets.UTF_8);
        send(topic, 0, null, JSON.encodeBytes(TraceEvents.fault("c", 0)));
        send(topic, 0, null, "not json".getBytes(StandardCharsets.UTF_8));
        send(topic, 0, null, missingSeq);
        send(topic, 0, null, null);
        send(topic, 0, null, JSON.encodeBytes(TraceEvents.fault("c", 1)));
        producer.flush();

        RecordingSink sink = new RecordingSink();
        assertThat(new KafkaTraceReader(kafka.bootstrap(), topic).read(sink)).isEqualTo(5);

        assertThat(sink.seqs("c")).containsExactly(0L, 1L);
        assertThat(sink.sources).containsExactly("kafka:invalid:0:0", "kafka:invalid:0:4");
        assertThat(sink.deadLetters).extracting(DeadLetter::source, DeadLetter::line, DeadLetter::raw).containsExactly(
                tuple("kafka:invalid:0:1", 0L, "not json"),
                tuple("kafka:invalid:0:2", 0L, new String(missingSeq, StandardCharsets.UTF_8)),
                tuple("kafka:invalid:0:3", 0L, ""));
        assertThat(sink.deadLetters.get(1).reason()).isEqualTo(reasonFor(missingSeq)).contains("seq");
        assertThat(sink.deadLetters.get(0).reason()).startsWith("not JSON");
    }

    @Test
    void aMissingTopicFailsAtOnceWithOneLine() {
        long start = System.nanoTime();
        assertThatThrownBy(() -> new KafkaTraceReader(kafka.bootstrap(), "no-such-topic").read(new RecordingSink()))
                .isInstanceOf(IOException.class)
                .hasMessage("kafka:no-such-topic: no such topic at " + kafka.bootstrap());
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
    }

    @Test
    void anUnreachableBrokerFailsWithinTheTimeout() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = s.getLocalPort(); // closed again: nothing listens there
        }
        long start = System.nanoTime();
        assertThatThrownBy(() -> new KafkaTraceReader("127.0.0.1:" + port, "t").timeout(Duration.ofSeconds(2))
                .read(new RecordingSink()))
                .isInstanceOf(IOException.class)
                .hasMessage("kafka:t: broker at 127.0.0.1:" + port + " did not answer within 2 s");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void aBrokerThatGoesAwayMidReadFailsTheReadWithinTheTimeout() throws IOException {
        EmbeddedKafkaBroker doomed = EmbeddedKafkaBroker.start(null);
        try {
            doomed.createTopic("doomed", 2);
            try (KafkaEventPublisher publisher = new KafkaEventPublisher(doomed.bootstrap(), "doomed")) {
                for (int seq = 0; seq < 5_000; seq++) {
                    publisher.publish(TraceEvents.fault("a", seq));
                    publisher.publish(TraceEvents.fault("b", seq));
                }
            }
            Properties smallFetches = new Properties();
            smallFetches.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "10");
            smallFetches.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, "1024");
            smallFetches.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, "2048");
            RecordingSink sink = new RecordingSink() {
                @Override
                public void event(TraceEvent e) {
                    super.event(e);
                    if (events.size() == 1) {
                        doomed.close();
                    }
                }
            };
            long start = System.nanoTime();
            assertThatThrownBy(() -> new KafkaTraceReader(doomed.bootstrap(), "doomed").timeout(Duration.ofSeconds(2))
                    .consumerProperties(smallFetches).read(sink))
                    .isInstanceOf(IOException.class)
                    .hasMessageMatching("kafka:doomed: no record for 2 s with [12] partition\\(s\\) unfinished, "
                            + "e\\.g\\. partition \\d at offset \\d+ of \\d+ \\(is the broker at 127\\.0\\.0\\.1:\\d+ still up\\?\\)");
            assertThat(sink.events.size()).isLessThan(10_000);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
        } finally {
            doomed.close();
        }
    }

    @Test
    void anUnresolvableBootstrapFailsWithOneLine() {
        assertThatThrownBy(() -> new KafkaTraceReader("no-such-host.invalid:9092", "t").read(new RecordingSink()))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("kafka:t: cannot create a consumer: ")
                .hasMessageNotContaining("\n");
    }

    private static void send(String topic, Integer partition, Long timestamp, byte[] value) {
        try {
            producer.send(new ProducerRecord<>(topic, partition, timestamp, "k", value)).get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("send to " + topic, e);
        }
    }

    private static String reasonFor(byte[] value) {
        try {
            JSON.decode(value, 0, value.length);
            throw new AssertionError("valid: " + new String(value, StandardCharsets.UTF_8));
        } catch (InvalidRecordException e) {
            return e.getMessage();
        }
    }

    private static List<Long> range(long from, long to) {
        return LongStream.range(from, to).boxed().collect(Collectors.toList());
    }
}
