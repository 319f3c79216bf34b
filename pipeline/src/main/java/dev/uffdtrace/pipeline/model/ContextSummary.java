package dev.uffdtrace.pipeline.model;

/**
 * The counts of one ctx at the end of a bounded replay; {@code state} holds the replay's snapshot
 * ({@code ContextReplay.toBytes}) when faults still wait unreported, for the end-of-trace stuck check
 * against the latest time of the whole trace, and is null otherwise.
 */
public class ContextSummary {
    public String ctx;
    public long events;
    public long duplicates;
    public long resolvedByClose;
    public long outstanding;
    public long maxTimeMicros = Long.MIN_VALUE;
    public long findings;
    public byte[] state;

    public ContextSummary() {
    }
}
