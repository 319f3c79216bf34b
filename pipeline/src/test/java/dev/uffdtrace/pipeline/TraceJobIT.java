package dev.uffdtrace.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.uffdtrace.analyzer.replay.ReplayResult;
import dev.uffdtrace.analyzer.replay.ReplaySettings;
import dev.uffdtrace.analyzer.report.ReplayOutputs;
import dev.uffdtrace.analyzer.rules.Finding;
import dev.uffdtrace.analyzer.rules.Severity;
import dev.uffdtrace.pipeline.function.FindingMetricsFunction;
import dev.uffdtrace.pipeline.io.OutputJson;
import dev.uffdtrace.pipeline.io.SourceNames;
import dev.uffdtrace.pipeline.io.TraceLineFormat;
import dev.uffdtrace.pipeline.model.AlertRecord;
import dev.uffdtrace.pipeline.model.DeadLetterRecord;
import dev.uffdtrace.pipeline.model.FindingRecord;
import dev.uffdtrace.pipeline.model.LatencyWindow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The whole streaming topology on a MiniCluster at parallelism 2, fed a bounded file, with collecting sinks. */
class TraceJobIT {
    private static final InMemoryReporter REPORTER = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = Clusters.twoSlots(REPORTER.addToConfiguration(new Configuration()));

    @TempDir
    Path dir;

    @Test
    void producesTheDirectReplaysFindingsWithAlertsLatencyWindowsDeadLettersAndMetrics() throws Exception {
        Path trace = dir.resolve("trace.jsonl");
        new TraceGenerator(21, 150, 60).write(List.of(trace));
        appendClockTick(trace);
        ReplaySettings settings = ReplaySettings.defaults();
        ReplayResult direct = FlinkReplayIT.direct(settings, List.of(trace), dir.resolve("direct"));

        CollectingSink<FindingRecord> findings = new CollectingSink<>("findings", OutputJson::finding);
        CollectingSink<AlertRecord> alerts = new CollectingSink<>("alerts", OutputJson::alert);
        CollectingSink<LatencyWindow> latency = new CollectingSink<>("latency", OutputJson::latencyWindow);
        CollectingSink<DeadLetterRecord> deadLetters = new CollectingSink<>("dead", OutputJson::deadLetter);
        org.apache.flink.core.fs.Path path = new org.apache.flink.core.fs.Path(trace.toAbsolutePath().toString());
        FileSource<dev.uffdtrace.pipeline.model.RawRecord> source =
                FileSource.forBulkFileFormat(new TraceLineFormat(List.of(path)), path).build();
        JobSettings js = new JobSettings(settings, Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(5),
                Duration.ofSeconds(1), Severity.ERROR, Duration.ofMinutes(1));
        StreamExecutionEnvironment env = Environments.create(new Configuration(), RuntimeExecutionMode.STREAMING, 2);
        new TraceJob(source, SourceNames.files(List.of(trace.toString())), js,
                new TraceJob.Sinks(findings, alerts, latency, deadLetters)).build(env);
        JobID job = env.execute("trace job IT").getJobID();

        KafkaPipelineIT.assertFindings(direct, findings.received());
        KafkaPipelineIT.assertAlerts(findings.received(), alerts.received());
        KafkaPipelineIT.assertLatency(direct, latency.received());
        assertThat(deadLetters.received()).containsExactlyInAnyOrderElementsOf(
                Files.readAllLines(dir.resolve("direct").resolve(ReplayOutputs.DEAD_LETTERS)));
        assertThat(findingCounters(job)).isEqualTo(byRuleAndSeverity(direct.findings()));
    }

    private static void appendClockTick(Path trace) throws Exception {
        long last = 0;
        for (String l : Files.readAllLines(trace)) {
            int i = l.indexOf("\"time_us\":");
            if (i >= 0) {
                int j = i + 10;
                while (j < l.length() && Character.isDigit(l.charAt(j))) {
                    j++;
                }
                last = Math.max(last, Long.parseLong(l.substring(i + 10, j)));
            }
        }
        Files.writeString(trace, "{\"v\":1,\"type\":\"close\",\"ctx\":\"clock\",\"seq\":0,\"mono_ns\":1,\"time_us\":"
                + (last + 3_600_000_000L) + "}\n", java.nio.file.StandardOpenOption.APPEND);
    }

    /** Sums the finding counters of all parallel instances by "rule/severity". */
    private static Map<String, Long> findingCounters(JobID job) {
        Map<String, Long> sums = new HashMap<>();
        for (Map.Entry<String, Metric> e : REPORTER.findMetrics(job, FindingMetricsFunction.COUNTER).entrySet()) {
            String id = e.getKey();
            if (!id.contains("." + FindingMetricsFunction.GROUP + ".rule.")) {
                continue;
            }
            String rest = id.substring(id.indexOf(".rule.") + 6);
            String rule = rest.substring(0, rest.indexOf(".severity."));
            String severity = rest.substring(rest.indexOf(".severity.") + 10, rest.lastIndexOf('.'));
            sums.merge(rule + "/" + severity, ((Counter) e.getValue()).getCount(), Long::sum);
        }
        return sums;
    }

    private static Map<String, Long> byRuleAndSeverity(List<Finding> findings) {
        Map<String, Long> m = new HashMap<>();
        for (Finding f : new ArrayList<>(findings)) {
            m.merge(f.rule() + "/" + f.severity().wireName(), 1L, Long::sum);
        }
        return m;
    }
}
