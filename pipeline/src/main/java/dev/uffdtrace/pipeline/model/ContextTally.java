package dev.uffdtrace.pipeline.model;

/** The running counts of one ctx's replay, kept in keyed state beside the replay itself. */
public class ContextTally {
    public long events;
    public long duplicates;
    public long resolvedByClose;
    public long maxTimeMicros = Long.MIN_VALUE;
    /** Findings emitted so far: the next one's rank. */
    public long findings;
    /** {@code time_us} of the applied {@code close}, or {@code Long.MIN_VALUE} while open. */
    public long closeTimeMicros = Long.MIN_VALUE;

    public ContextTally() {
    }
}
