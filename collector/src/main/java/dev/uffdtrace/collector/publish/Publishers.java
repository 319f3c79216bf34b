package dev.uffdtrace.collector.publish;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Path;

/** The publishers the command line can ask for: a file, nothing, or a Kafka topic. */
public final class Publishers {
    /** The Kafka publisher's class; it lives in the collector's kafka package, built separately. */
    static final String KAFKA_CLASS = "dev.uffdtrace.collector.kafka.KafkaEventPublisher";

    private Publishers() {
    }

    public static EventPublisher file(Path path) throws IOException {
        return new JsonLinesPublisher(path);
    }

    public static EventPublisher none() {
        return new NullPublisher();
    }

    /**
     * A publisher to {@code topic} on the cluster at {@code bootstrap}: the kafka package's
     * {@code KafkaEventPublisher(String bootstrap, String topic)}, looked up by name so this class
     * compiles without it. Until that class is on the class path this throws
     * UnsupportedOperationException saying so.
     */
    public static EventPublisher kafka(String bootstrap, String topic) throws IOException {
        Class<?> type;
        try {
            type = Class.forName(KAFKA_CLASS);
        } catch (ClassNotFoundException e) {
            throw new UnsupportedOperationException("publishing to Kafka is not available in this build: "
                    + KAFKA_CLASS + " is missing; use --out FILE", e);
        }
        try {
            Constructor<?> c = type.getConstructor(String.class, String.class);
            return (EventPublisher) c.newInstance(bootstrap, topic);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IOException("cannot create the Kafka publisher for " + bootstrap + "/" + topic, e.getCause());
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new UnsupportedOperationException(KAFKA_CLASS + " does not have the expected "
                    + "(String bootstrap, String topic) constructor or is not an EventPublisher", e);
        }
    }
}
