package dev.uffdtrace.analyzer.rules;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/** Writes and reads findings as single-line JSON objects, the shape RULES.md gives. */
public final class FindingJson {
    private static final JsonFactory FACTORY = new JsonFactory();
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private FindingJson() {
    }

    public static String encode(Finding f) {
        StringWriter w = new StringWriter(256);
        try (JsonGenerator g = FACTORY.createGenerator(w)) {
            g.writeStartObject();
            g.writeNumberField("v", Finding.VERSION);
            g.writeStringField("rule", f.rule());
            g.writeStringField("severity", f.severity().wireName());
            g.writeStringField("ctx", f.ctx());
            g.writeNumberField("seq", f.seq());
            g.writeNumberField("time_us", f.timeMicros());
            g.writeStringField("profile", f.profile());
            if (f.mem() == null) {
                g.writeNullField("mem");
            } else {
                g.writeStringField("mem", f.mem());
            }
            g.writeStringField("message", f.message());
            g.writeFieldName("evidence");
            g.writeRawValue(f.evidenceJson());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    public static Finding decode(String json) throws IOException {
        JsonNode n = MAPPER.readTree(json);
        JsonNode mem = n.get("mem");
        return new Finding(n.get("rule").asText(), Severity.fromWire(n.get("severity").asText()),
                n.get("ctx").asText(), n.get("seq").asLong(), n.get("time_us").asLong(), n.get("profile").asText(),
                mem == null || mem.isNull() ? null : mem.asText(), n.get("message").asText(),
                MAPPER.writeValueAsString(n.get("evidence")));
    }
}
