package dev.uffdtrace.pipeline.io;

import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.util.function.SerializableFunction;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * A Kafka record per element: key and value as UTF-8 from two functions (the value: the element's
 * JSON). No timestamp: the job's event time is in microseconds, the producer stamps the record.
 */
public final class JsonRecords<T> implements KafkaRecordSerializationSchema<T> {
    private static final long serialVersionUID = 1L;

    private final String topic;
    private final SerializableFunction<T, String> key;
    private final SerializableFunction<T, String> value;

    public JsonRecords(String topic, SerializableFunction<T, String> key, SerializableFunction<T, String> value) {
        this.topic = topic;
        this.key = key;
        this.value = value;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(T element, KafkaSinkContext context, Long timestamp) {
        return new ProducerRecord<>(topic, key.apply(element).getBytes(StandardCharsets.UTF_8),
                value.apply(element).getBytes(StandardCharsets.UTF_8));
    }
}
