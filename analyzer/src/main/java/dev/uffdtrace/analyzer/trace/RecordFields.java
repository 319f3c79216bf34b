package dev.uffdtrace.analyzer.trace;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The known fields of one JSON record, read in one pass and checked against the event type
 * afterwards (the {@code type} field may come last). Unknown fields are skipped; a JSON
 * {@code null} is the same as an absent field. Reused across records: not thread-safe.
 */
final class RecordFields {
    /** A value of the wrong JSON kind, kept to name it in the error. */
    private record Mistyped(String found) {
    }

    /** Marks an integer kept unboxed in {@link #longs}: boxing every number was the fast path's main cost. */
    private static final Object UNBOXED = new Object();

    private final Object[] values = new Object[Field.values().length];
    private final long[] longs = new long[Field.values().length];
    private final Long[] lastBoxed = new Long[Field.values().length];

    /** Forgets the previous record's fields. */
    void clear() {
        Arrays.fill(values, null);
    }

    /** Sets a field as {@link #read} would for a value of the right kind (the fast scanner's entry). */
    void set(Field f, Object value) {
        values[f.ordinal()] = value;
    }

    /** Sets an integer field without boxing it. */
    void setLong(Field f, long value) {
        values[f.ordinal()] = UNBOXED;
        longs[f.ordinal()] = value;
    }

    void read(JsonParser p) throws IOException, InvalidRecordException {
        clear();
        if (p.nextToken() != JsonToken.START_OBJECT) {
            throw new InvalidRecordException("not a JSON object");
        }
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            Field f = Field.named(p.currentName());
            JsonToken value = p.nextToken();
            if (f == null) {
                p.skipChildren();
                continue;
            }
            values[f.ordinal()] = readValue(p, value, f);
        }
        if (t != JsonToken.END_OBJECT) {
            throw new InvalidRecordException("not a JSON object");
        }
        boolean trailing;
        try {
            trailing = p.nextToken() != null;
        } catch (IOException e) {
            trailing = true;
        }
        if (trailing) {
            throw new InvalidRecordException("not JSON: trailing data after the object");
        }
    }

    private static Object readValue(JsonParser p, JsonToken value, Field f) throws IOException {
        switch (value) {
            case VALUE_NULL:
                return null;
            case VALUE_NUMBER_INT:
                if (f.kind != Field.Kind.INT) {
                    return new Mistyped("an integer");
                }
                if (p.getNumberType() != JsonParser.NumberType.INT && p.getNumberType() != JsonParser.NumberType.LONG) {
                    return new Mistyped("an integer out of range");
                }
                return p.getLongValue();
            case VALUE_STRING:
                return f.kind == Field.Kind.STRING ? p.getText() : new Mistyped("a string");
            case VALUE_TRUE:
            case VALUE_FALSE:
                return f.kind == Field.Kind.BOOL ? (Object) (value == JsonToken.VALUE_TRUE) : new Mistyped("a boolean");
            case START_ARRAY:
                if (f.kind != Field.Kind.STRINGS) {
                    p.skipChildren();
                    return new Mistyped("an array");
                }
                List<String> items = new ArrayList<>(4);
                JsonToken e;
                while ((e = p.nextToken()) != JsonToken.END_ARRAY) {
                    if (e != JsonToken.VALUE_STRING) {
                        p.skipChildren();
                        skipRestOfArray(p);
                        return new Mistyped("an array with a non-string element");
                    }
                    items.add(p.getText());
                }
                return items;
            case START_OBJECT:
                p.skipChildren();
                return new Mistyped("an object");
            default:
                return new Mistyped("a number with a fraction");
        }
    }

    private static void skipRestOfArray(JsonParser p) throws IOException {
        JsonToken e;
        while ((e = p.nextToken()) != JsonToken.END_ARRAY) {
            if (e == JsonToken.START_ARRAY || e == JsonToken.START_OBJECT) {
                p.skipChildren();
            }
        }
    }

    private Object checked(Field f, String type) throws InvalidRecordException {
        Object v = values[f.ordinal()];
        if (v instanceof Mistyped m) {
            throw new InvalidRecordException("field '" + f.wireName + "' must be " + f.kind.description + ", got "
                    + m.found() + (type == null ? "" : " (" + type + ")"));
        }
        return v;
    }

    boolean has(Field f) {
        return values[f.ordinal()] != null;
    }

    private InvalidRecordException missing(Field f, String type) {
        return new InvalidRecordException("missing required field '" + f.wireName + "'"
                + (type == null ? "" : " (" + type + ")"));
    }

    long requiredLong(Field f, String type) throws InvalidRecordException {
        Object v = checked(f, type);
        if (v == null) {
            throw missing(f, type);
        }
        return v == UNBOXED ? longs[f.ordinal()] : (Long) v;
    }

    Long optionalLong(Field f, String type) throws InvalidRecordException {
        Object v = checked(f, type);
        return v == UNBOXED ? boxed(f.ordinal()) : (Long) v;
    }

    /** The integer boxed, reusing the last box of this field when the value repeats (tids, durations). */
    private Long boxed(int i) {
        Long box = lastBoxed[i];
        if (box == null || box != longs[i]) {
            box = longs[i];
            lastBoxed[i] = box;
        }
        return box;
    }

    String requiredString(Field f, String type) throws InvalidRecordException {
        Object v = checked(f, type);
        if (v == null) {
            throw missing(f, type);
        }
        return (String) v;
    }

    String optionalString(Field f, String type) throws InvalidRecordException {
        return (String) checked(f, type);
    }

    @SuppressWarnings("unchecked")
    List<String> requiredStrings(Field f, String type) throws InvalidRecordException {
        Object v = checked(f, type);
        if (v == null) {
            throw missing(f, type);
        }
        return (List<String>) v;
    }

    boolean optionalBool(Field f, String type) throws InvalidRecordException {
        Object v = checked(f, type);
        return v != null && (Boolean) v;
    }
}
