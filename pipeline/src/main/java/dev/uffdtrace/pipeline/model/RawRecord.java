package dev.uffdtrace.pipeline.model;

/**
 * One record as a source read it, not yet decoded: a line of a trace file or a Kafka record value.
 * {@code origin} is the file's index or the Kafka partition; {@code position} the 1-based line number
 * or the offset.
 */
public class RawRecord {
    public int origin;
    public long position;
    /** The line was longer than the reader's limit: {@code bytes} holds only its beginning. */
    public boolean truncated;
    public byte[] bytes;
    /** Not a record but the reason the input could not be read on from here (a cut-off .gz): a dead letter. */
    public String unreadable;

    public RawRecord() {
    }

    public RawRecord(int origin, long position, boolean truncated, byte[] bytes) {
        this.origin = origin;
        this.position = position;
        this.truncated = truncated;
        this.bytes = bytes;
    }

    /** The dead letter of an input that cannot be read past {@code position}, as the direct reader words it. */
    public static RawRecord unreadable(int origin, long position, String reason) {
        RawRecord r = new RawRecord(origin, position, false, new byte[0]);
        r.unreadable = reason;
        return r;
    }
}
