package dev.uffdtrace.pipeline.function;

import java.util.HashMap;
import java.util.Map;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;

/**
 * Keys that Flink routes to one parallel instance, one per ctx. When the instance that reads a ctx's
 * records is also the one that replays it (a ctx's records share a Kafka partition; a file reader keeps
 * only the ctxs it owns), the keyed replay can be chained to the reader without a shuffle
 * ({@code DataStreamUtils.reinterpretAsKeyedStream}): each new ctx gets the next key whose key group this
 * instance holds, so keys are unique across instances and keyed state stays per ctx.
 */
final class LocalKeys {
    private final int maxParallelism;
    private final int parallelism;
    private final int subtask;
    private final Map<String, Long> keys = new HashMap<>();
    private long candidate;

    LocalKeys(int maxParallelism, int parallelism, int subtask) {
        this.maxParallelism = maxParallelism;
        this.parallelism = parallelism;
        this.subtask = subtask;
    }

    long keyOf(String ctx) {
        Long key = keys.get(ctx);
        if (key == null) {
            while (KeyGroupRangeAssignment.assignKeyToParallelOperator(candidate, maxParallelism, parallelism) != subtask) {
                candidate++;
            }
            key = candidate++;
            keys.put(ctx, key);
        }
        return key;
    }
}
