package dev.uffdtrace.analyzer.rules;

import dev.uffdtrace.analyzer.state.PendingFault;
import dev.uffdtrace.analyzer.trace.LossEvent;
import dev.uffdtrace.analyzer.trace.TraceEvent;

/** FAULT_STUCK and EVENTS_LOST: the rules about time and completeness rather than capability. */
public final class StuckAndLossRules {
    private StuckAndLossRules() {
    }

    /** A fault whose wake (or close, or the trace's end) came {@code waitedMicros} after it. */
    public static void stuck(PendingFault f, long waitedMicros, long thresholdMicros, boolean stillWaiting,
                             String profile, FindingSink sink) {
        new Judged(f.event(), profile, sink).fire(Rule.FAULT_STUCK, Severity.WARNING, f.mem(),
                f.kind().wireName() + " fault at 0x" + Long.toHexString(f.event().addr())
                        + (stillWaiting ? " still waiting after " : " waited ") + millis(waitedMicros)
                        + " ms (threshold " + millis(thresholdMicros) + " ms)");
    }

    public static void loss(LossEvent e, String profile, FindingSink sink) {
        new Judged(e, profile, sink).fire(Rule.EVENTS_LOST, Severity.WARNING, null,
                "the collector dropped " + e.dropped() + " events: " + e.reason());
    }

    /** A hole: events {@code [first, last]} of this ctx never arrived before {@code after}. */
    public static void hole(long first, long last, TraceEvent after, String profile, FindingSink sink) {
        String message = (first == last ? "event " + first : "events " + first + ".." + last)
                + " of this uffd are missing";
        sink.finding(new Finding(Rule.EVENTS_LOST.name(), Severity.WARNING, after.ctx(), after.seq(),
                after.timeMicros(), profile, null, message, Evidence.hole(first, last, after)));
    }

    private static String millis(long micros) {
        return String.format(java.util.Locale.ROOT, "%.3f", micros / 1000.0);
    }
}
