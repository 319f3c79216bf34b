package dev.uffdtrace.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.uffdtrace.analyzer.trace.FaultEvent;
import dev.uffdtrace.analyzer.trace.InvalidRecordException;
import dev.uffdtrace.analyzer.trace.TraceEvent;
import dev.uffdtrace.analyzer.trace.TraceJson;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * What {@code uffdtrace run} shows while it runs, read back from Kafka: the collector's events
 * (rate, faults by kind) and the pipeline's committed outputs (findings by rule, the running
 * latency totals per group, the latest alerts). Not thread-safe: one thread polls and renders.
 */
final class LiveView implements AutoCloseable {
    static final int LATEST_ALERTS = 6;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String eventsTopic;
    private final String findingsTopic;
    private final String alertsTopic;
    private final String latencyTopic;
    private final TraceJson json = new TraceJson();

    long events;
    final Map<String, Long> faultsByKind = new TreeMap<>();
    final Map<String, Long> findingsByRule = new TreeMap<>();
    final Map<String, JsonNode> latencyTotals = new TreeMap<>();
    final Deque<JsonNode> alerts = new ArrayDeque<>();
    long alertCount;
    private final Deque<long[]> rate = new ArrayDeque<>();

    LiveView(String bootstrap, String eventsTopic, String findingsTopic, String alertsTopic, String latencyTopic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        this.consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.eventsTopic = eventsTopic;
        this.findingsTopic = findingsTopic;
        this.alertsTopic = alertsTopic;
        this.latencyTopic = latencyTopic;
        List<TopicPartition> parts = new ArrayList<>();
        for (String t : List.of(eventsTopic, findingsTopic, alertsTopic, latencyTopic)) {
            consumer.partitionsFor(t, Duration.ofSeconds(15)).forEach(i -> parts.add(new TopicPartition(t, i.partition())));
        }
        consumer.assign(parts);
        consumer.seekToEnd(parts); // what this run adds, also on a shared cluster
        parts.forEach(tp -> consumer.position(tp, Duration.ofSeconds(15)));
    }

    /** Reads what arrived within {@code wait}. */
    void poll(Duration wait) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(wait)) {
            String t = r.topic();
            if (t.equals(eventsTopic)) {
                onEvent(r.value());
            } else if (t.equals(findingsTopic)) {
                JsonNode n = tree(r.value());
                if (n != null) {
                    findingsByRule.merge(n.path("rule").asText("?") + " (" + n.path("severity").asText("?") + ")", 1L, Long::sum);
                }
            } else if (t.equals(alertsTopic)) {
                JsonNode n = tree(r.value());
                if (n != null) {
                    alertCount++;
                    alerts.addFirst(n);
                    while (alerts.size() > LATEST_ALERTS) {
                        alerts.removeLast();
                    }
                }
            } else if (t.equals(latencyTopic)) {
                JsonNode n = tree(r.value());
                if (n != null) {
                    latencyTotals.put(n.path("mem").asText() + " " + n.path("fault").asText() + " " + n.path("op").asText(), n);
                }
            }
        }
        long now = System.nanoTime();
        rate.addLast(new long[] {now, events});
        while (rate.size() > 2 && now - rate.peekFirst()[0] > 3_000_000_000L) {
            rate.removeFirst();
        }
    }

    private void onEvent(byte[] value) {
        events++;
        try {
            TraceEvent e = json.decode(value, 0, value.length);
            if (e instanceof FaultEvent f) {
                faultsByKind.merge(f.kind().wireName(), 1L, Long::sum);
            }
        } catch (InvalidRecordException e) {
            // counted as an event; the pipeline dead-letters it
        }
    }

    private static JsonNode tree(byte[] value) {
        try {
            return MAPPER.readTree(value);
        } catch (IOException e) {
            return null;
        }
    }

    double eventsPerSecond() {
        if (rate.size() < 2) {
            return 0;
        }
        long[] a = rate.peekFirst();
        long[] b = rate.peekLast();
        return (b[1] - a[1]) / Math.max(1e-9, (b[0] - a[0]) / 1e9);
    }

    Collection<JsonNode> latestAlerts() {
        return alerts;
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
