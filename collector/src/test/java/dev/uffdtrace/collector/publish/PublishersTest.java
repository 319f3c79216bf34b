package dev.uffdtrace.collector.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.uffdtrace.analyzer.trace.CloseEvent;
import dev.uffdtrace.analyzer.trace.Envelope;
import dev.uffdtrace.analyzer.trace.LossEvent;
import dev.uffdtrace.analyzer.trace.TraceEvent;
import dev.uffdtrace.collector.testing.Replayed;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PublishersTest {
    @TempDir
    Path dir;

    @Test
    void kafkaNamesTheMissingClass() {
        try {
            Class.forName(Publishers.KAFKA_CLASS);
            return; // the Kafka publisher is on the class path: nothing to check here
        } catch (ClassNotFoundException expected) {
            // the branch without the Kafka publisher
        }
        assertThatThrownBy(() -> Publishers.kafka("127.0.0.1:9092", "uffd"))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("KafkaEventPublisher");
    }

    @Test
    void nullPublisherCounts() throws Exception {
        NullPublisher p = (NullPublisher) Publishers.none();
        p.publish(new CloseEvent(new Envelope("c", 0, 1, 2)));
        p.publish(new CloseEvent(new Envelope("c", 1, 1, 2)));
        assertThat(p.published()).isEqualTo(2);
    }

    @Test
    void queueOutboxPublishesEverythingInOrderToAFile() throws Exception {
        Path file = dir.resolve("t.jsonl");
        try (QueueOutbox q = new QueueOutbox(Publishers.file(file), 4)) {
            for (int i = 0; i < 100; i++) {
                TraceEvent e = new LossEvent(new Envelope("c", i, i, i), i, "test");
                q.put(e);
            }
        }
        Replayed r = Replayed.of(file);
        assertThat(r.events()).hasSize(100);
        assertThat(r.events().stream().map(TraceEvent::seq).toList())
                .isEqualTo(java.util.stream.LongStream.range(0, 100).boxed().toList());
    }

    @Test
    void aFullQueueRefusesWithoutBlocking() throws Exception {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        EventPublisher slow = new EventPublisher() {
            @Override
            public void publish(TraceEvent event) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        try (QueueOutbox q = new QueueOutbox(slow, 2)) {
            int taken = 0;
            for (int i = 0; i < 10; i++) {
                if (q.offer(new CloseEvent(new Envelope("c", i, 0, 0)))) {
                    taken++;
                }
            }
            // at most the capacity plus the one the publishing thread holds
            assertThat(taken).isBetween(2, 3);
            release.countDown();
        }
    }
}
