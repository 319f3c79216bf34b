package dev.uffdtrace.pipeline.model;

/**
 * Findings of one (ctx, rule, mem, op) within one tumbling window, deduplicated: the first one's
 * details and how many there were.
 */
public class AlertRecord {
    public String ctx;
    public String rule;
    public String severity;
    public String mem;
    public String op;
    public String profile;
    public String message;
    public long count;
    public long firstSeq;
    public long firstTimeMicros;
    public long lastSeq;
    public long lastTimeMicros;
    public long windowStartMicros;
    public long windowEndMicros;

    public AlertRecord() {
    }
}
