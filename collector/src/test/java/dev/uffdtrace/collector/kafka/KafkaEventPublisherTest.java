package dev.uffdtrace.collector.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import dev.uffdtrace.analyzer.trace.TraceJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class KafkaEventPublisherTest {
    private final MockProducer<byte[], byte[]> producer =
            new MockProducer<>(false, null, new ByteArraySerializer(), new ByteArraySerializer());
    private final KafkaEventPublisher publisher = new KafkaEventPublisher(producer, "events");

    @Test
    void keysByCtxAndWritesTheEventsJson() throws IOException {
        publisher.publish(TraceEvents.fault("h:1:0:b", 0));
        publisher.publish(TraceEvents.fault("h:2:0:b", 0));
        publisher.flush();

        assertThat(producer.history()).extracting(ProducerRecord::topic, r -> new String(r.key(), StandardCharsets.UTF_8))
                .containsExactly(tuple("events", "h:1:0:b"),
                        tuple("events", "h:2:0:b"));
        assertThat(new String(producer.history().get(0).value(), StandardCharsets.UTF_8))
                .isEqualTo(new TraceJson().encode(TraceEvents.fault("h:1:0:b", 0)));
        assertThat(publisher.acknowledgedSends()).isEqualTo(2);
        assertThat(publisher.failedSends()).isZero();
    }

    @Test
    void theKeyIsTheCtxInUtf8AsAStringSerializerWritesIt() throws IOException {
        String ctx = "h\u00e9:1:0:\u20ac";
        publisher.publish(TraceEvents.fault(ctx, 0));
        publisher.publish(TraceEvents.fault("other", 0));
        publisher.publish(TraceEvents.fault(ctx, 1));

        byte[] expected = new StringSerializer().serialize("events", ctx);
        assertThat(producer.history().get(0).key()).isEqualTo(expected);
        assertThat(producer.history().get(2).key()).isEqualTo(expected);
    }

    @Test
    void aFailedSendIsCountedAndThrownByFlushAndClose() throws IOException {
        publisher.publish(TraceEvents.fault("c", 0));
        publisher.publish(TraceEvents.fault("c", 1));
        publisher.publish(TraceEvents.fault("c", 2));
        producer.errorNext(new RecordTooLargeException("too big"));

        assertThatThrownBy(publisher::flush).isInstanceOf(IOException.class)
                .hasMessage("kafka:events: 1 send(s) failed, first failure: "
                        + "org.apache.kafka.common.errors.RecordTooLargeException: too big")
                .hasCauseInstanceOf(RecordTooLargeException.class);
        assertThat(publisher.failedSends()).isEqualTo(1);
        assertThat(publisher.acknowledgedSends()).isEqualTo(2);

        // the ctx now has a hole: further events are refused rather than published after it
        assertThatThrownBy(() -> publisher.publish(TraceEvents.fault("c", 3)))
                .hasMessageContaining("refusing to publish ctx c seq 3");
        assertThat(producer.history()).hasSize(3);

        assertThatThrownBy(publisher::close).isInstanceOf(IOException.class).hasMessageContaining("1 send(s) failed");
        assertThat(producer.closed()).isTrue();
        publisher.close(); // a second close does nothing
    }

    @Test
    void aFailureFoundOnlyAtCloseIsThrownThere() {
        assertThatThrownBy(() -> {
            publisher.publish(TraceEvents.fault("c", 0));
            producer.errorNext(new TimeoutException("expired"));
            publisher.close();
        }).isInstanceOf(IOException.class).hasMessageContaining("TimeoutException: expired");
        assertThat(producer.closed()).isTrue();
    }

    @Test
    void aSynchronousSendErrorIsThrownAtOnce() {
        producer.sendException = new KafkaException("no buffer");
        assertThatThrownBy(() -> publisher.publish(TraceEvents.fault("c", 0)))
                .isInstanceOf(IOException.class)
                .hasMessage("kafka:events: send of ctx c seq 0, first failure: org.apache.kafka.common.KafkaException: no buffer");
        assertThat(publisher.failedSends()).isEqualTo(1);
    }

    @Test
    void publishingAfterCloseFails() throws IOException {
        publisher.close();
        assertThatThrownBy(() -> publisher.publish(TraceEvents.fault("c", 0))).hasMessage("kafka:events: publisher is closed");
    }

    @Test
    void defaultsAreDurableAndOverridable() {
        Properties extra = new Properties();
        extra.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd");
        Properties p = KafkaEventPublisher.config("127.0.0.1:1", extra);
        assertThat(p).containsEntry(ProducerConfig.ACKS_CONFIG, "all")
                .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true")
                .containsEntry(ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd");
    }

    @Test
    void anEmptyTopicIsRejectedBeforeAProducerIsMade() {
        assertThatThrownBy(() -> new KafkaEventPublisher("127.0.0.1:1", "")).hasMessage("topic: must not be empty");
    }
}
