package dev.uffdtrace.analyzer.trace;

/**
 * One event of a uffd trace (TRACE-FORMAT version 1). The permitted records are the
 * event types of the format; each validates its fields when it is built.
 */
public sealed interface TraceEvent
        permits OpenEvent, RegisterEvent, UnregisterEvent, FaultEvent, IoctlEvent, UffdMessageEvent,
        LossEvent, CloseEvent {

    /** The format version this model reads and writes. */
    int VERSION = 1;

    Envelope envelope();

    /** The wire name of the event type ({@code open}, {@code fault}, ...). */
    String type();

    default String ctx() {
        return envelope().ctx();
    }

    default long seq() {
        return envelope().seq();
    }

    default long monoNanos() {
        return envelope().monoNanos();
    }

    default long timeMicros() {
        return envelope().timeMicros();
    }

    /** This event with another envelope (renumbering, rebasing clocks). */
    TraceEvent withEnvelope(Envelope envelope);
}
