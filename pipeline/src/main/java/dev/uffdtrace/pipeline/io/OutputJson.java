package dev.uffdtrace.pipeline.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.uffdtrace.analyzer.report.LatencyReport;
import dev.uffdtrace.analyzer.report.ReplayOutputs;
import dev.uffdtrace.analyzer.rules.FindingJson;
import dev.uffdtrace.analyzer.stats.LatencyHistogram;
import dev.uffdtrace.pipeline.model.AlertRecord;
import dev.uffdtrace.pipeline.model.DeadLetterRecord;
import dev.uffdtrace.pipeline.model.FindingRecord;
import dev.uffdtrace.pipeline.model.LatencyWindow;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * The JSON the streaming job writes: findings as RULES.md gives them, dead letters as
 * {@code deadletter.jsonl} has them, alerts, and latency windows (the group fields of latency.json
 * plus the window and the running total).
 */
public final class OutputJson {
    private static final JsonFactory FACTORY = new JsonFactory();

    private OutputJson() {
    }

    public static String finding(FindingRecord f) {
        return FindingJson.encode(f.toFinding());
    }

    public static String deadLetter(DeadLetterRecord d) {
        return ReplayOutputs.encode(d.toDeadLetter());
    }

    public static String alert(AlertRecord a) {
        return write(g -> {
            g.writeNumberField("v", 1);
            g.writeStringField("rule", a.rule);
            g.writeStringField("severity", a.severity);
            g.writeStringField("ctx", a.ctx);
            g.writeStringField("mem", a.mem);
            g.writeStringField("op", a.op);
            g.writeStringField("profile", a.profile);
            g.writeNumberField("count", a.count);
            g.writeNumberField("first_seq", a.firstSeq);
            g.writeNumberField("first_time_us", a.firstTimeMicros);
            g.writeNumberField("last_seq", a.lastSeq);
            g.writeNumberField("last_time_us", a.lastTimeMicros);
            g.writeNumberField("window_start_us", a.windowStartMicros);
            g.writeNumberField("window_end_us", a.windowEndMicros);
            g.writeStringField("message", a.message);
        });
    }

    public static String latencyWindow(LatencyWindow w) {
        return write(g -> {
            g.writeNumberField("v", 1);
            g.writeNumberField("window_start_us", w.windowStartMicros);
            g.writeNumberField("window_end_us", w.windowEndMicros);
            g.writeStringField("mem", w.mem);
            g.writeStringField("fault", w.fault);
            g.writeStringField("op", w.op);
            LatencyReport.writeDistribution(g, LatencyHistogram.fromBytes(w.window));
            g.writeObjectFieldStart("total");
            LatencyReport.writeDistribution(g, LatencyHistogram.fromBytes(w.total));
            g.writeEndObject();
        });
    }

    /** The top-level {@code op} of a finding's evidence (the ioctl's), or the empty string. */
    public static String evidenceOp(String evidenceJson) {
        try (JsonParser p = FACTORY.createParser(evidenceJson)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return "";
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if ("op".equals(name) && value == JsonToken.VALUE_STRING) {
                    return p.getText();
                }
                p.skipChildren();
            }
            return "";
        } catch (IOException e) {
            return "";
        }
    }

    private interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    private static String write(Body body) {
        StringWriter w = new StringWriter(256);
        try (JsonGenerator g = FACTORY.createGenerator(w)) {
            g.writeStartObject();
            body.write(g);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }
}
