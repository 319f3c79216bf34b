package dev.uffdtrace.pipeline;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;

/**
 * A bounded range of a topic for an offline replay: {@code from} and {@code to} are each absent
 * (the topic's start; its end when the replay starts), an offset (the same in every partition;
 * {@code to} is exclusive) or an ISO-8601 instant ({@code 2026-11-28T14:00:00Z}, by record timestamp).
 */
public record KafkaRange(String bootstrap, String topic, String from, String to) {
    public KafkaRange {
        if (bootstrap == null || bootstrap.isBlank()) {
            throw new IllegalArgumentException("bootstrap: required (HOST:PORT)");
        }
        if (topic == null || topic.isBlank()) {
            throw new IllegalArgumentException("topic: required");
        }
        bound(from, "from");
        bound(to, "to");
    }

    OffsetsInitializer starting() throws Exception {
        return initializer(from, OffsetsInitializer.earliest());
    }

    OffsetsInitializer stopping() throws Exception {
        return initializer(to, OffsetsInitializer.latest());
    }

    private OffsetsInitializer initializer(String bound, OffsetsInitializer absent) throws Exception {
        if (bound == null) {
            return absent;
        }
        Object b = bound(bound, "bound");
        if (b instanceof Instant t) {
            return OffsetsInitializer.timestamp(t.toEpochMilli());
        }
        Map<TopicPartition, Long> offsets = new HashMap<>();
        for (int p = 0; p < partitions(); p++) {
            offsets.put(new TopicPartition(topic, p), (Long) b);
        }
        return OffsetsInitializer.offsets(offsets);
    }

    private static Object bound(String value, String name) {
        if (value == null) {
            return null;
        }
        try {
            long offset = Long.parseLong(value);
            if (offset < 0) {
                throw new IllegalArgumentException(name + ": an offset must be >= 0, was " + value);
            }
            return offset;
        } catch (NumberFormatException notNumber) {
            try {
                return Instant.parse(value);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(name + ": neither an offset nor an ISO-8601 instant: " + value);
            }
        }
    }

    private int partitions() throws InterruptedException, ExecutionException {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(p)) {
            TopicDescription d = admin.describeTopics(java.util.List.of(topic)).allTopicNames().get().get(topic);
            return d.partitions().size();
        }
    }
}
