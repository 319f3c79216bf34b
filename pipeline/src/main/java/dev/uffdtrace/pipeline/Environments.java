package dev.uffdtrace.pipeline;

import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.streaming.api.environment.LocalStreamEnvironment;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Execution environments of the job: Flink's own serializers only (generic types off, so a Kryo
 * fallback fails loudly), object reuse on, and a local cluster bound to 127.0.0.1.
 */
final class Environments {
    static final String LOOPBACK = "127.0.0.1";
    static final String LOCAL_MANAGED_MEMORY = "768m";
    static final String LOCAL_SORT_MEMORY = "256m";

    private Environments() {
    }

    /** The settings every run of the job gets, merged into {@code conf}. */
    static Configuration base(Configuration conf, RuntimeExecutionMode mode) {
        Configuration c = new Configuration(conf);
        c.set(ExecutionOptions.RUNTIME_MODE, mode);
        c.set(PipelineOptions.OBJECT_REUSE, true);
        c.set(PipelineOptions.GENERIC_TYPES, false);
        setIfMissing(c, RestOptions.BIND_ADDRESS, LOOPBACK);
        setIfMissing(c, RestOptions.ADDRESS, LOOPBACK);
        setIfMissing(c, RestOptions.BIND_PORT, "0");
        setIfMissing(c, TaskManagerOptions.BIND_HOST, LOOPBACK);
        setIfMissing(c, TaskManagerOptions.HOST, LOOPBACK);
        return c;
    }

    private static void setIfMissing(Configuration c, ConfigOption<String> option, String value) {
        if (!c.contains(option)) {
            c.set(option, value);
        }
    }

    /**
     * A local batch run (the CLI's offline replay) owns its MiniCluster: give the keyed sort room
     * ({@value #LOCAL_SORT_MEMORY} of managed memory for sorting instead of spilling to disk early).
     * Pipelined batch exchanges were tried and hang here: the consumers are never scheduled.
     */
    static Configuration localBatch(Configuration conf) {
        Configuration c = new Configuration(conf);
        c.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MemorySize.parse(LOCAL_MANAGED_MEMORY));
        c.set(ExecutionOptions.SORTED_INPUTS_MEMORY, MemorySize.parse(LOCAL_SORT_MEMORY));
        return c;
    }

    /**
     * A bounded replay's settings: {@code sortedKeys} for a keyed input behind a shuffle (batch mode
     * sorts it by key and arrival order, and keeps one key's state at a time); without, for a keyed
     * replay chained to readers that own their keys: records come in arrival order already, many keys
     * interleaved, so state is kept per key on the heap.
     */
    static Configuration replay(boolean sortedKeys) {
        Configuration c = new Configuration();
        c.set(ExecutionOptions.SORT_INPUTS, sortedKeys);
        c.set(ExecutionOptions.USE_BATCH_STATE_BACKEND, sortedKeys);
        // the keyed replay changes its heap objects in place and writes them back only when created
        c.set(StateBackendOptions.STATE_BACKEND, "hashmap");
        return c;
    }

    /** The surrounding environment (a cluster's, a test's MiniCluster) or a local one, configured. */
    static StreamExecutionEnvironment create(Configuration conf, RuntimeExecutionMode mode, int parallelism) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism: must be >= 1, was " + parallelism);
        }
        Configuration c = base(conf, mode);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(c);
        if (env instanceof LocalStreamEnvironment && mode == RuntimeExecutionMode.BATCH) {
            env = StreamExecutionEnvironment.createLocalEnvironment(parallelism, localBatch(c));
        }
        env.configure(c);
        env.setRuntimeMode(mode);
        env.setParallelism(parallelism);
        return env;
    }
}
