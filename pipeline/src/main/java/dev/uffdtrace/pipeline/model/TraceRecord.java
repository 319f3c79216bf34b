package dev.uffdtrace.pipeline.model;

/**
 * A valid event on its way to its ctx's replay: the key, the two orders it can be sorted by, where it
 * came from (for dead letters) and its original JSON (decoded again by the keyed function).
 */
public class TraceRecord {
    public String ctx;
    public long timeMicros;
    /** Arrival order: the event-time stamp of a bounded replay, so that batch sorting keeps a ctx's order. */
    public long order;
    public int origin;
    public long position;
    public byte[] json;

    public TraceRecord() {
    }

    public TraceRecord(String ctx, long timeMicros, long order, int origin, long position, byte[] json) {
        this.ctx = ctx;
        this.timeMicros = timeMicros;
        this.order = order;
        this.origin = origin;
        this.position = position;
        this.json = json;
    }
}
