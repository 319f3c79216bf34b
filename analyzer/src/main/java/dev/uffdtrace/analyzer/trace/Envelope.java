package dev.uffdtrace.analyzer.trace;

import java.util.Objects;

/**
 * The fields every event carries: which userfaultfd ({@code ctx}), its place in that
 * uffd's stream ({@code seq}) and when it happened on two clocks.
 *
 * @param ctx        opaque id of one userfaultfd instance
 * @param seq        per-ctx sequence number, 0 for {@code open}
 * @param monoNanos  CLOCK_MONOTONIC of the collector host when the event happened
 * @param timeMicros wall clock, microseconds since the epoch (event time for windows)
 */
public record Envelope(String ctx, long seq, long monoNanos, long timeMicros) {
    public Envelope {
        Objects.requireNonNull(ctx, "ctx");
        if (ctx.isEmpty()) {
            throw new IllegalArgumentException("ctx: must not be empty");
        }
        if (seq < 0) {
            throw new IllegalArgumentException("seq: must be >= 0, was " + seq);
        }
    }

    /** The same envelope at another sequence number (collectors number events as they publish). */
    public Envelope withSeq(long newSeq) {
        return new Envelope(ctx, newSeq, monoNanos, timeMicros);
    }
}
