package dev.uffdtrace.collector.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.uffdtrace.analyzer.trace.DeadLetter;
import dev.uffdtrace.analyzer.trace.TraceEvent;
import dev.uffdtrace.analyzer.trace.TraceJson;
import dev.uffdtrace.analyzer.trace.TraceSink;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * A measurement for the record, not a test: publisher and reader rates against the embedded
 * broker. Run with {@code -Dit.test=KafkaThroughputIT -Duffdtrace.measure=true}.
 */
@EnabledIfSystemProperty(named = "uffdtrace.measure", matches = "true")
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class KafkaThroughputIT {
    private static final int EVENTS = 500_000;
    private static final int CTXS = 8;

    /** Producer settings to compare, e.g. {@code -Dkafka.producer.compression.type=zstd}. */
    private static Properties overrides() {
        Properties p = new Properties();
        System.getProperties().stringPropertyNames().stream().filter(n -> n.startsWith("kafka.producer."))
                .forEach(n -> p.put(n.substring("kafka.producer.".length()), System.getProperty(n)));
        return p;
    }

    @Test
    void publishAndRead() throws Exception {
        List<TraceEvent> events = new ArrayList<>(EVENTS);
        for (int i = 0; i < EVENTS; i++) {
            events.add(TraceEvents.fault("host-a:" + (1000 + i % CTXS) + ":0:boot1", i / CTXS));
        }
        System.out.printf("producer overrides: %s%n", overrides());
        System.out.printf("event size: %d bytes of JSON%n", new TraceJson().encodeBytes(events.get(0)).length);
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start(null)) {
            for (int run = 1; run <= 4; run++) {
                String topic = "throughput-" + run;
                kafka.createTopic(topic, 4);
                long t0 = System.nanoTime();
                try (KafkaEventPublisher publisher = new KafkaEventPublisher(kafka.bootstrap(), topic, overrides())) {
                    for (TraceEvent e : events) {
                        publisher.publish(e);
                    }
                    publisher.flush();
                    assertThat(publisher.acknowledgedSends()).isEqualTo(EVENTS);
                }
                double publishSeconds = (System.nanoTime() - t0) / 1e9;

                long t1 = System.nanoTime();
                long[] count = new long[1];
                long read = new KafkaTraceReader(kafka.bootstrap(), topic).read(new TraceSink() {
                    @Override
                    public void event(TraceEvent e) {
                        count[0]++;
                    }

                    @Override
                    public void deadLetter(DeadLetter d) {
                        throw new AssertionError(d.toString());
                    }
                });
                double readSeconds = (System.nanoTime() - t1) / 1e9;
                assertThat(read).isEqualTo(EVENTS);
                assertThat(count[0]).isEqualTo(EVENTS);
                System.out.printf("run %d: publish %,d events in %.2f s = %,.0f events/s (to acks, incl. producer start/close); "
                        + "read+decode %.2f s = %,.0f events/s%n", run, EVENTS, publishSeconds, EVENTS / publishSeconds,
                        readSeconds, EVENTS / readSeconds);
            }
        }
    }
}
