package dev.uffdtrace.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.util.function.SerializableFunction;

/** A test sink that keeps what it receives (mapped to a string, since the job reuses objects) by name. */
final class CollectingSink<T> implements Sink<T> {
    private static final long serialVersionUID = 1L;
    private static final Map<String, ConcurrentLinkedQueue<String>> RECEIVED = new ConcurrentHashMap<>();

    private final String name;
    private final SerializableFunction<T, String> render;

    CollectingSink(String name, SerializableFunction<T, String> render) {
        this.name = name;
        this.render = render;
        RECEIVED.put(name, new ConcurrentLinkedQueue<>());
    }

    List<String> received() {
        return new ArrayList<>(RECEIVED.get(name));
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) {
        ConcurrentLinkedQueue<String> queue = RECEIVED.get(name);
        return new SinkWriter<>() {
            @Override
            public void write(T element, Context ctx) {
                queue.add(render.apply(element));
            }

            @Override
            public void flush(boolean endOfInput) {
            }

            @Override
            public void close() {
            }
        };
    }
}
