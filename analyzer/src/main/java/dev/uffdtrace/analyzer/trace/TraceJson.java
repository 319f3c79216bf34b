package dev.uffdtrace.analyzer.trace;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Reads and writes single events as JSON objects (format version 1), on Jackson's streaming API.
 * Decoding is strict about the fields an event type requires and lenient about unknown ones;
 * encoding writes fields in one canonical order and omits absent optional fields.
 * Ordinary records are read by {@link FastRecordScanner} straight from their bytes; whatever it
 * does not take (including every invalid record) is read by Jackson, which names the reason.
 * Both fill the same {@link RecordFields}, so the result does not depend on the path.
 * An instance is not thread-safe (it reuses buffers); make one per thread.
 *
 * <pre>{@code
 * TraceJson json = new TraceJson();
 * TraceEvent e = json.decode(line);          // throws InvalidRecordException naming the field
 * String back = json.encode(e);
 * }</pre>
 */
public final class TraceJson {
    static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build())
            .build();

    private final RecordFields fields = new RecordFields();
    private final FastRecordScanner scanner = new FastRecordScanner();
    private final EventEncoder encoder = new EventEncoder();

    public TraceEvent decode(String json) throws InvalidRecordException {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        return decode(b, 0, b.length);
    }

    public TraceEvent decode(byte[] bytes, int off, int len) throws InvalidRecordException {
        if (!scanner.scan(bytes, off, len, fields)) {
            readWithJackson(bytes, off, len);
        }
        return build();
    }

    /**
     * Decodes with Jackson only: the reference that the fast scanner must agree with, and the
     * path for every record the scanner leaves alone (it never rejects one itself).
     */
    TraceEvent decodeWithJackson(byte[] bytes, int off, int len) throws InvalidRecordException {
        readWithJackson(bytes, off, len);
        return build();
    }

    private void readWithJackson(byte[] bytes, int off, int len) throws InvalidRecordException {
        try (JsonParser p = FACTORY.createParser(bytes, off, len)) {
            fields.read(p);
        } catch (InvalidRecordException e) {
            throw e;
        } catch (IOException e) {
            throw new InvalidRecordException("not JSON: " + firstLine(e.getMessage()));
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    private TraceEvent build() throws InvalidRecordException {
        long v = fields.requiredLong(Field.V, null);
        if (v != TraceEvent.VERSION) {
            throw new InvalidRecordException("field 'v': unsupported format version " + v);
        }
        String type = fields.requiredString(Field.TYPE, null);
        Envelope env = envelope(type);
        try {
            return switch (type) {
                case "open" -> open(env);
                case "register" -> register(env);
                case "unregister" -> new UnregisterEvent(env, fields.requiredLong(Field.START, type),
                        fields.requiredLong(Field.LEN, type), fields.requiredString(Field.RESULT, type));
                case "fault" -> new FaultEvent(env, fields.requiredLong(Field.ADDR, type),
                        fields.requiredStrings(Field.FLAGS, type), fields.optionalLong(Field.TID, type));
                case "ioctl" -> ioctl(env);
                case "event" -> message(env);
                case "loss" -> new LossEvent(env, fields.requiredLong(Field.DROPPED, type),
                        fields.requiredString(Field.REASON, type));
                case "close" -> new CloseEvent(env);
                default -> throw new InvalidRecordException("field 'type': unknown event type '" + type + "'");
            };
        } catch (IllegalArgumentException e) {
            throw new InvalidRecordException("field '" + e.getMessage().replaceFirst(":", "':") + " (" + type + ")");
        }
    }

    private Envelope envelope(String type) throws InvalidRecordException {
        String ctx = fields.requiredString(Field.CTX, type);
        if (ctx.isEmpty()) {
            throw new InvalidRecordException("field 'ctx': must not be empty (" + type + ")");
        }
        long seq = fields.requiredLong(Field.SEQ, type);
        if (seq < 0) {
            throw new InvalidRecordException("field 'seq': must be >= 0, was " + seq + " (" + type + ")");
        }
        return new Envelope(ctx, seq, fields.requiredLong(Field.MONO_NS, type), fields.requiredLong(Field.TIME_US, type));
    }

    private OpenEvent open(Envelope env) throws InvalidRecordException {
        String t = "open";
        String via = fields.requiredString(Field.VIA, t);
        String parent = OpenEvent.VIA_FORK.equals(via) ? fields.requiredString(Field.PARENT, t)
                : fields.optionalString(Field.PARENT, t);
        return new OpenEvent(env, fields.requiredString(Field.HOST, t), fields.requiredLong(Field.PID, t),
                fields.requiredString(Field.KERNEL, t), via, parent, fields.requiredStrings(Field.REQUESTED, t),
                fields.requiredString(Field.RESULT, t), fields.requiredStrings(Field.FEATURES, t),
                fields.requiredStrings(Field.IOCTLS, t));
    }

    private RegisterEvent register(Envelope env) throws InvalidRecordException {
        String t = "register";
        return new RegisterEvent(env, fields.requiredLong(Field.START, t), fields.requiredLong(Field.LEN, t),
                MemType.fromWire(fields.requiredString(Field.MEM, t)), fields.requiredLong(Field.PAGE_SIZE, t),
                fields.requiredStrings(Field.MODES, t), fields.requiredString(Field.RESULT, t),
                fields.requiredStrings(Field.IOCTLS, t), fields.optionalString(Field.REGION, t),
                fields.optionalBool(Field.INHERITED, t));
    }

    private IoctlEvent ioctl(Envelope env) throws InvalidRecordException {
        String t = "ioctl";
        return new IoctlEvent(env, fields.requiredString(Field.OP, t), fields.requiredLong(Field.START, t),
                fields.requiredLong(Field.LEN, t), fields.requiredStrings(Field.MODE, t),
                fields.requiredString(Field.RESULT, t), fields.optionalLong(Field.SRC, t),
                fields.optionalLong(Field.BYTES, t), fields.optionalLong(Field.DUR_NS, t));
    }

    private UffdMessageEvent message(Envelope env) throws InvalidRecordException {
        String t = "event";
        String kind = fields.requiredString(Field.KIND, t);
        return switch (kind) {
            case UffdMessageEvent.FORK -> UffdMessageEvent.fork(env, fields.requiredString(Field.CHILD, t));
            case UffdMessageEvent.REMAP -> UffdMessageEvent.remap(env, fields.requiredLong(Field.FROM, t),
                    fields.requiredLong(Field.TO, t), fields.requiredLong(Field.LEN, t));
            case UffdMessageEvent.REMOVE, UffdMessageEvent.UNMAP -> UffdMessageEvent.range(env, kind,
                    fields.requiredLong(Field.START, t), fields.requiredLong(Field.END, t));
            default -> new UffdMessageEvent(env, kind, null, null, null, null, null, null);
        };
    }

    // ------------------------------------------------------------------ encoding

    /** The event as one line of JSON, without the newline. */
    public String encode(TraceEvent e) {
        return new String(encodeBytes(e), StandardCharsets.UTF_8);
    }

    /**
     * The event as UTF-8 JSON bytes, without the newline: the bytes {@link #write} gives, made by
     * a hand-written encoder that skips setting up a Jackson generator per event.
     */
    public byte[] encodeBytes(TraceEvent e) {
        return encoder.encode(e);
    }

    /** The event's bytes through Jackson: the reference {@link #encodeBytes} must equal. */
    static byte[] encodeWithJackson(TraceEvent e) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(256);
        try (JsonGenerator g = FACTORY.createGenerator(buffer)) {
            write(e, g);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return buffer.toByteArray();
    }

    private static final SerializedString V = new SerializedString("v");

    /**
     * Writes the event as one JSON object to {@code g}. {@link EventEncoder} writes the same
     * fields in the same order without Jackson; a change here is a change there
     * (EventEncoderPropertyTest compares the two).
     */
    public static void write(TraceEvent e, JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeFieldName(V);
        g.writeNumber(TraceEvent.VERSION);
        g.writeStringField("type", e.type());
        g.writeStringField("ctx", e.ctx());
        g.writeNumberField("seq", e.seq());
        g.writeNumberField("mono_ns", e.monoNanos());
        g.writeNumberField("time_us", e.timeMicros());
        writeBody(e, g);
        g.writeEndObject();
    }

    private static void writeBody(TraceEvent e, JsonGenerator g) throws IOException {
        if (e instanceof OpenEvent o) {
            g.writeStringField("host", o.host());
            g.writeNumberField("pid", o.pid());
            g.writeStringField("kernel", o.kernel());
            g.writeStringField("via", o.via());
            optional(g, "parent", o.parent());
            strings(g, "requested", o.requested());
            g.writeStringField("result", o.result());
            strings(g, "features", o.features());
            strings(g, "ioctls", o.ioctls());
        } else if (e instanceof RegisterEvent r) {
            g.writeNumberField("start", r.start());
            g.writeNumberField("len", r.len());
            g.writeStringField("mem", r.mem().wireName());
            g.writeNumberField("page_size", r.pageSize());
            strings(g, "modes", r.modes());
            g.writeStringField("result", r.result());
            strings(g, "ioctls", r.ioctls());
            optional(g, "region", r.region());
            if (r.inherited()) {
                g.writeBooleanField("inherited", true);
            }
        } else if (e instanceof UnregisterEvent u) {
            g.writeNumberField("start", u.start());
            g.writeNumberField("len", u.len());
            g.writeStringField("result", u.result());
        } else if (e instanceof FaultEvent f) {
            g.writeNumberField("addr", f.addr());
            strings(g, "flags", f.flags());
            optional(g, "tid", f.tid());
        } else if (e instanceof IoctlEvent i) {
            g.writeStringField("op", i.op());
            g.writeNumberField("start", i.start());
            g.writeNumberField("len", i.len());
            strings(g, "mode", i.mode());
            g.writeStringField("result", i.result());
            optional(g, "src", i.src());
            optional(g, "bytes", i.bytes());
            optional(g, "dur_ns", i.durNanos());
        } else if (e instanceof UffdMessageEvent m) {
            g.writeStringField("kind", m.kind());
            optional(g, "child", m.child());
            optional(g, "from", m.from());
            optional(g, "to", m.to());
            optional(g, "len", m.len());
            optional(g, "start", m.start());
            optional(g, "end", m.end());
        } else if (e instanceof LossEvent l) {
            g.writeNumberField("dropped", l.dropped());
            g.writeStringField("reason", l.reason());
        }
        // CloseEvent has no body
    }

    private static void strings(JsonGenerator g, String name, List<String> values) throws IOException {
        g.writeArrayFieldStart(name);
        for (String v : values) {
            g.writeString(v);
        }
        g.writeEndArray();
    }

    private static void optional(JsonGenerator g, String name, String value) throws IOException {
        if (value != null) {
            g.writeStringField(name, value);
        }
    }

    private static void optional(JsonGenerator g, String name, Long value) throws IOException {
        if (value != null) {
            g.writeNumberField(name, value);
        }
    }
}
