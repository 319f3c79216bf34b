package dev.uffdtrace.analyzer.rules;

import dev.uffdtrace.analyzer.trace.TraceEvent;
import dev.uffdtrace.analyzer.trace.TraceJson;

/** Renders the evidence of a finding: the event's JSON, encoded once per thread's encoder. */
public final class Evidence {
    private static final ThreadLocal<TraceJson> JSON = ThreadLocal.withInitial(TraceJson::new);

    private Evidence() {
    }

    public static String of(TraceEvent e) {
        return JSON.get().encode(e);
    }

    /** The evidence of a hole in {@code seq}: the missing range and the event after it. */
    public static String hole(long firstMissing, long lastMissing, TraceEvent after) {
        return "{\"missing_from\":" + firstMissing + ",\"missing_to\":" + lastMissing + ",\"event\":" + of(after) + "}";
    }
}
