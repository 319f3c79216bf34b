package dev.uffdtrace.pipeline;

import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Execution environments of the job: Flink's own serializers only (generic types off, so a Kryo
 * fallback fails loudly), object reuse on, and a local cluster bound to 127.0.0.1.
 */
final class Environments {
    static final String LOOPBACK = "127.0.0.1";

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

    /** The surrounding environment (a cluster's, a test's MiniCluster) or a local one, configured. */
    static StreamExecutionEnvironment create(Configuration conf, RuntimeExecutionMode mode, int parallelism) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism: must be >= 1, was " + parallelism);
        }
        Configuration c = base(conf, mode);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(c);
        env.configure(c);
        env.setRuntimeMode(mode);
        env.setParallelism(parallelism);
        return env;
    }
}
