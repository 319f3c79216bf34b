package dev.uffdtrace.analyzer;

import dev.uffdtrace.analyzer.trace.CloseEvent;
import dev.uffdtrace.analyzer.trace.Envelope;
import dev.uffdtrace.analyzer.trace.FaultEvent;
import dev.uffdtrace.analyzer.trace.IoctlEvent;
import dev.uffdtrace.analyzer.trace.LossEvent;
import dev.uffdtrace.analyzer.trace.MemType;
import dev.uffdtrace.analyzer.trace.OpenEvent;
import dev.uffdtrace.analyzer.trace.RegisterEvent;
import dev.uffdtrace.analyzer.trace.TraceEvent;
import dev.uffdtrace.analyzer.trace.UffdMessageEvent;
import dev.uffdtrace.analyzer.trace.UnregisterEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds one ctx's events with consecutive seq and clocks that advance by a step per event.
 * Named moments read like the trace: {@code t.open().register(BASE, 4 * PAGE, "anon", "MISSING")}.
 */
public final class TraceBuilder {
    public static final long PAGE = 4096;
    public static final long BASE = 0x7f0000000000L;
    public static final long T0_MICROS = 1_700_000_000_000_000L;

    private final String ctx;
    private final List<TraceEvent> events = new ArrayList<>();
    private long seq;
    private long monoNanos = 1_000_000;
    private long timeMicros = T0_MICROS;
    private long stepNanos = 10_000;

    public TraceBuilder(String ctx) {
        this.ctx = ctx;
    }

    public static TraceBuilder ctx(String ctx) {
        return new TraceBuilder(ctx);
    }

    private Envelope next() {
        Envelope e = new Envelope(ctx, seq++, monoNanos, timeMicros);
        monoNanos += stepNanos;
        timeMicros += stepNanos / 1000;
        return e;
    }

    /** Lets {@code nanos} pass before the next event. */
    public TraceBuilder after(long nanos) {
        monoNanos += nanos;
        timeMicros += nanos / 1000;
        return this;
    }

    public TraceBuilder skipSeq(long n) {
        seq += n;
        return this;
    }

    public TraceBuilder openOn(String kernel, String... requested) {
        return add(new OpenEvent(next(), "host", 42, kernel, "syscall", null, List.of(requested), "ok",
                List.of(), List.of("REGISTER", "UNREGISTER", "API")));
    }

    public TraceBuilder open(String... requested) {
        return openOn("6.18.44", requested);
    }

    public TraceBuilder openResult(String result, String... requested) {
        return add(new OpenEvent(next(), "host", 42, "6.18.44", "syscall", null, List.of(requested), result,
                List.of(), List.of()));
    }

    public TraceBuilder register(long start, long len, String mem, String... modes) {
        return registerResult("ok", start, len, mem, modes);
    }

    public TraceBuilder registerResult(String result, long start, long len, String mem, String... modes) {
        long pageSize = mem.startsWith("hugetlb") ? 2 << 20 : PAGE;
        return add(new RegisterEvent(next(), start, len, MemType.fromWire(mem), pageSize, List.of(modes), result,
                List.of(), null, false));
    }

    public TraceBuilder inherited(long start, long len, String mem, String... modes) {
        return add(new RegisterEvent(next(), start, len, MemType.fromWire(mem), PAGE, List.of(modes), "ok",
                List.of(), null, true));
    }

    public TraceBuilder unregister(long start, long len) {
        return add(new UnregisterEvent(next(), start, len, "ok"));
    }

    public TraceBuilder fault(long addr, String... flags) {
        return add(new FaultEvent(next(), addr, List.of(flags), null));
    }

    public TraceBuilder ioctl(String op, long start, long len, String result, String... mode) {
        return add(new IoctlEvent(next(), op, start, len, List.of(mode), result, null, null, null));
    }

    public TraceBuilder ioctlBytes(String op, long start, long len, String result, long bytes, String... mode) {
        return add(new IoctlEvent(next(), op, start, len, List.of(mode), result, null, bytes, null));
    }

    public TraceBuilder unmap(long start, long end) {
        return add(UffdMessageEvent.range(next(), UffdMessageEvent.UNMAP, start, end));
    }

    public TraceBuilder remap(long from, long to, long len) {
        return add(UffdMessageEvent.remap(next(), from, to, len));
    }

    public TraceBuilder loss(long dropped) {
        return add(new LossEvent(next(), dropped, "queue full"));
    }

    public TraceBuilder close() {
        return add(new CloseEvent(next()));
    }

    public TraceBuilder add(TraceEvent e) {
        events.add(e);
        return this;
    }

    public List<TraceEvent> events() {
        return List.copyOf(events);
    }
}
