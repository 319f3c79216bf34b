package dev.uffdtrace.pipeline.function;

import dev.uffdtrace.pipeline.model.FindingRecord;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/**
 * Counts findings by rule and severity in the metric group {@code uffdtrace}, with {@code rule} and
 * {@code severity} as key-value groups (labels for the Prometheus reporter:
 * {@code ..._uffdtrace_findings{rule="FAULT_STUCK",severity="warning"}}); passes findings through.
 */
public final class FindingMetricsFunction extends RichMapFunction<FindingRecord, FindingRecord> {
    private static final long serialVersionUID = 1L;
    public static final String GROUP = "uffdtrace";
    public static final String COUNTER = "findings";

    private transient Map<String, Counter> counters;
    private transient MetricGroup group;

    @Override
    public void open(OpenContext openContext) {
        counters = new HashMap<>();
        group = getRuntimeContext().getMetricGroup().addGroup(GROUP);
    }

    @Override
    public FindingRecord map(FindingRecord f) {
        counters.computeIfAbsent(f.rule + '\u0000' + f.severity,
                k -> group.addGroup("rule", f.rule).addGroup("severity", f.severity).counter(COUNTER)).inc();
        return f;
    }
}
