package dev.uffdtrace.analyzer.trace;

import java.util.List;
import java.util.RandomAccess;

/** Argument checks shared by the event records; each message names the field. */
final class Checks {
    private Checks() {
    }

    static String text(String value, String field) {
        if (value == null) {
            throw new IllegalArgumentException(field + ": required");
        }
        return value;
    }

    static List<String> names(List<String> values, String field) {
        if (values == null) {
            throw new IllegalArgumentException(field + ": required");
        }
        // indexed rather than for-each: this runs for every decoded list, and the iterator was
        // not always optimised away; the message is built only when it is needed
        if (values instanceof RandomAccess) {
            for (int i = 0, n = values.size(); i < n; i++) {
                if (values.get(i) == null) {
                    throw new NullPointerException(field + ": null element");
                }
            }
        } else {
            for (String v : values) {
                if (v == null) {
                    throw new NullPointerException(field + ": null element");
                }
            }
        }
        return List.copyOf(values);
    }

    static long nonNegative(long value, String field) {
        if (value < 0) {
            throw new IllegalArgumentException(field + ": must be >= 0, was " + value);
        }
        return value;
    }

    static List<String> optionalNames(List<String> values, String field) {
        return values == null ? List.of() : names(values, field);
    }
}
