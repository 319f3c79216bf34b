package dev.uffdtrace.analyzer.rules;

import dev.uffdtrace.analyzer.trace.TraceEvent;

/**
 * Builds the findings of one event: the event, the profile it is judged by, and its evidence
 * encoded at most once however many rules it breaks.
 */
final class Judged {
    private final TraceEvent event;
    private final String profile;
    private final FindingSink sink;
    private String evidence;

    Judged(TraceEvent event, String profile, FindingSink sink) {
        this.event = event;
        this.profile = profile;
        this.sink = sink;
    }

    void fire(Rule rule, Severity severity, String mem, String message) {
        if (evidence == null) {
            evidence = Evidence.of(event);
        }
        sink.finding(new Finding(rule.name(), severity, event.ctx(), event.seq(), event.timeMicros(), profile, mem,
                message, evidence));
    }

    /** Whether {@link #drift} fires for these verdicts (lets a caller skip building its message). */
    static boolean drifts(boolean predictedAccept, boolean accepted, boolean rejected) {
        return accepted ? !predictedAccept : rejected && predictedAccept;
    }

    /** KERNEL_MODEL_DRIFT when the kernel's answer contradicts the predicted verdict. */
    void drift(boolean predictedAccept, boolean accepted, boolean rejected, String mem, String what, String result) {
        if (accepted && !predictedAccept) {
            fire(Rule.KERNEL_MODEL_DRIFT, Severity.CRITICAL, mem,
                    what + " succeeded, but " + profile + " predicts the kernel rejects it");
        } else if (rejected && predictedAccept) {
            fire(Rule.KERNEL_MODEL_DRIFT, Severity.CRITICAL, mem,
                    what + " failed with " + result + ", but " + profile + " predicts the kernel accepts it");
        }
    }
}
