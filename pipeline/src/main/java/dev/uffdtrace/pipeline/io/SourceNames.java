package dev.uffdtrace.pipeline.io;

import java.io.Serializable;
import java.util.List;

/**
 * How a record's (origin, position) reads in a dead letter, as TRACE-FORMAT names sources: the
 * file as named with its line number, or {@code kafka:TOPIC:PARTITION:OFFSET} without one.
 */
public interface SourceNames extends Serializable {
    /** The {@code source} of a dead letter. */
    String source(int origin, long position);

    /** The {@code line} of a dead letter: the 1-based line, or 0 where there are no lines. */
    long line(long position);

    /** A total order of arrival over all records (for sorting a bounded replay's keyed input). */
    long order(int origin, long position);

    /** The reason as the direct replay words it: prefixed with {@code line N: } for files. */
    default String reason(long position, String reason) {
        long line = line(position);
        return line > 0 ? "line " + line + ": " + reason : reason;
    }

    static SourceNames files(List<String> names) {
        return new Files(List.copyOf(names));
    }

    static SourceNames kafka(String topic) {
        return new Kafka(topic);
    }

    /** Files: up to 2^23 of them, each up to 2^40 lines. */
    record Files(List<String> names) implements SourceNames {
        @Override
        public String source(int origin, long position) {
            return names.get(origin);
        }

        @Override
        public long line(long position) {
            return position;
        }

        @Override
        public long order(int origin, long position) {
            return ((long) origin << 40) | position;
        }
    }

    /** A topic: a ctx's records share one partition (the key is the ctx), so the offset orders them. */
    record Kafka(String topic) implements SourceNames {
        @Override
        public String source(int origin, long position) {
            return "kafka:" + topic + ":" + origin + ":" + position;
        }

        @Override
        public long line(long position) {
            return 0;
        }

        @Override
        public long order(int origin, long position) {
            return position;
        }
    }
}
