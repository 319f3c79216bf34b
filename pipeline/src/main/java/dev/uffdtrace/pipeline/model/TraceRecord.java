package dev.uffdtrace.pipeline.model;

import dev.uffdtrace.analyzer.trace.TraceEvent;

/**
 * A valid event on its way to its ctx's replay: the key, the two orders it can be sorted by, where it
 * came from (for dead letters) and its original JSON (decoded again by the keyed function).
 */
public class TraceRecord {
    public String ctx;
    /** A 64-bit hash of ctx: the job's key (a fixed-length key sorts fast in batch mode; ctxs that collide share a key, not a state). */
    public long key;
    public long timeMicros;
    /** Arrival order: the event-time stamp of a bounded replay, so that batch sorting keeps a ctx's order. */
    public long order;
    public int origin;
    public long position;
    public byte[] json;
    /**
     * The decoded event, passed along only inside an operator chain (object reuse hands the record
     * over as is): a chained replay does not decode twice. Transient, so never serialized; after a
     * shuffle it is null and the replay decodes {@link #json} again.
     */
    public transient TraceEvent event;

    public TraceRecord() {
    }

    public TraceRecord(String ctx, long timeMicros, long order, int origin, long position, byte[] json) {
        this(ctx, keyOf(ctx), timeMicros, order, origin, position, json);
    }

    /** With a key of the caller's choosing (one Flink routes to a given instance). */
    public TraceRecord(String ctx, long key, long timeMicros, long order, int origin, long position, byte[] json) {
        this.ctx = ctx;
        this.key = key;
        this.timeMicros = timeMicros;
        this.order = order;
        this.origin = origin;
        this.position = position;
        this.json = json;
    }

    /** FNV-1a over the ctx's characters. */
    public static long keyOf(String ctx) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < ctx.length(); i++) {
            h ^= ctx.charAt(i);
            h *= 0x100000001b3L;
        }
        return h;
    }
}
