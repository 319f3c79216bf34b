package dev.uffdtrace.analyzer.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.uffdtrace.analyzer.replay.ReplayResult;
import dev.uffdtrace.analyzer.stats.GroupKey;
import dev.uffdtrace.analyzer.stats.LatencyHistogram;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;

/** Renders {@code latency.json}: counts, then one object per group sorted by mem, fault, op. */
public final class LatencyReport {
    private static final JsonFactory FACTORY = new JsonFactory();
    public static final double[] PERCENTILES = {50, 90, 99, 99.9};
    private static final String[] PERCENTILE_FIELDS = {"p50_ns", "p90_ns", "p99_ns", "p999_ns"};

    private LatencyReport() {
    }

    public static String render(ReplayResult r) {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(w)) {
            g.writeStartObject();
            g.writeNumberField("v", 1);
            g.writeStringField("profile", r.profile());
            g.writeNumberField("events", r.events());
            g.writeNumberField("contexts", r.contexts());
            g.writeNumberField("invalid", r.invalid());
            g.writeNumberField("duplicates", r.duplicates());
            g.writeArrayFieldStart("groups");
            for (Map.Entry<GroupKey, LatencyHistogram> e : r.latency().groups().entrySet()) {
                writeGroup(g, e.getKey(), e.getValue());
            }
            g.writeEndArray();
            g.writeNumberField("resolved_by_close", r.resolvedByClose());
            g.writeNumberField("outstanding", r.outstanding());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    /** One group object, as latency.json and the pipeline's latency windows write it. */
    public static void writeGroup(JsonGenerator g, GroupKey key, LatencyHistogram h) throws IOException {
        g.writeStartObject();
        g.writeStringField("mem", key.mem());
        g.writeStringField("fault", key.fault());
        g.writeStringField("op", key.op());
        writeDistribution(g, h);
        g.writeEndObject();
    }

    /** count, p50..p99.9, max and mean of one histogram, as fields of the current object. */
    public static void writeDistribution(JsonGenerator g, LatencyHistogram h) throws IOException {
        g.writeNumberField("count", h.count());
        for (int i = 0; i < PERCENTILES.length; i++) {
            g.writeNumberField(PERCENTILE_FIELDS[i], h.percentile(PERCENTILES[i]));
        }
        g.writeNumberField("max_ns", h.max());
        g.writeFieldName("mean_ns");
        g.writeNumber(java.math.BigDecimal.valueOf(h.mean()).setScale(1, java.math.RoundingMode.HALF_UP).toPlainString());
    }
}
