package dev.uffdtrace.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.uffdtrace.pipeline.function.FindingMetricsFunction;
import io.prometheus.client.Collector;
import io.prometheus.client.CollectorRegistry;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.prometheus.AbstractPrometheusReporter;
import org.apache.flink.runtime.metrics.filter.ReporterFilter;
import org.apache.flink.runtime.metrics.groups.AbstractMetricGroup;
import org.apache.flink.runtime.metrics.groups.FrontMetricGroup;
import org.apache.flink.runtime.metrics.groups.ReporterScopedSettings;
import org.apache.flink.runtime.metrics.groups.UnregisteredMetricGroups;
import org.junit.jupiter.api.Test;

/**
 * The name the PrometheusRule uses for the finding counter is the one Flink's Prometheus reporter
 * gives it: the counter is registered on an operator metric group the way FindingMetricsFunction
 * does (group, then the key-value groups rule and severity; ClusterIT sees that structure on a
 * running job) and handed to the reporter, without its HTTP server.
 */
class PrometheusNameTest {
    @Test
    void theFindingCounterIsExportedUnderTheAlertsMetricName() throws Exception {
        MetricGroup group = UnregisteredMetricGroups.createUnregisteredOperatorMetricGroup()
                .addGroup(FindingMetricsFunction.GROUP).addGroup("rule", "IOCTL_UNSUPPORTED").addGroup("severity", "critical");
        Counter counter = group.counter(FindingMetricsFunction.COUNTER);
        counter.inc(3);
        AbstractPrometheusReporter reporter = new AbstractPrometheusReporter() {
        };
        // reporters see a group through a FrontMetricGroup, as the metric registry hands it to them
        reporter.notifyOfAddedMetric(counter, FindingMetricsFunction.COUNTER, new FrontMetricGroup<>(
                new ReporterScopedSettings<>(0, '.', ReporterFilter.getNoOpFilter(), Set.of(), Map.of()),
                (AbstractMetricGroup<?>) group));

        List<Collector.MetricFamilySamples.Sample> samples = new ArrayList<>();
        for (Collector.MetricFamilySamples f : Collections.list(registry(reporter).metricFamilySamples())) {
            samples.addAll(f.samples);
        }
        assertThat(samples).hasSize(1);
        Collector.MetricFamilySamples.Sample s = samples.get(0);
        assertThat(s.name).isEqualTo(ManifestsTest.findingMetric());
        assertThat(s.value).isEqualTo(3.0);
        assertThat(s.labelNames).contains("rule", "severity", "job_name", "operator_name");
        assertThat(s.labelValues.get(s.labelNames.indexOf("rule"))).isEqualTo("IOCTL_UNSUPPORTED");
        assertThat(s.labelValues.get(s.labelNames.indexOf("severity"))).isEqualTo("critical");
    }

    private static CollectorRegistry registry(AbstractPrometheusReporter r) throws ReflectiveOperationException {
        Field f = AbstractPrometheusReporter.class.getDeclaredField("registry");
        f.setAccessible(true);
        return (CollectorRegistry) f.get(r);
    }
}
