package dev.uffdtrace.pipeline.model;

import dev.uffdtrace.analyzer.trace.DeadLetter;

/** A {@link DeadLetter} as flat fields, plus the origin and position it sorts by. */
public class DeadLetterRecord {
    public int origin;
    public long position;
    public String source;
    public long line;
    public String reason;
    public String raw;

    public DeadLetterRecord() {
    }

    public DeadLetterRecord(int origin, long position, DeadLetter d) {
        this.origin = origin;
        this.position = position;
        this.source = d.source();
        this.line = d.line();
        this.reason = d.reason();
        this.raw = d.raw();
    }

    public DeadLetter toDeadLetter() {
        return new DeadLetter(source, line, reason, raw);
    }
}
