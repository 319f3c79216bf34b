package dev.uffdtrace.analyzer.synth;

import dev.uffdtrace.analyzer.trace.CloseEvent;
import dev.uffdtrace.analyzer.trace.Envelope;
import dev.uffdtrace.analyzer.trace.FaultEvent;
import dev.uffdtrace.analyzer.trace.IoctlEvent;
import dev.uffdtrace.analyzer.trace.MemType;
import dev.uffdtrace.analyzer.trace.OpenEvent;
import dev.uffdtrace.analyzer.trace.RegisterEvent;
import dev.uffdtrace.analyzer.trace.TraceEvent;
import dev.uffdtrace.analyzer.trace.TraceWriter;
import dev.uffdtrace.analyzer.trace.UffdMessageEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * A seeded, streaming generator of valid traces shaped like production: {@code contexts} uffds
 * run side by side (interleaved at random), each opens, registers an anon, a shmem and a
 * hugetlb region, then serves faults (zero page, copy, continue, un-protect), now and then
 * misuses the API, maps and unmaps, and closes. Memory use is constant in the trace length.
 *
 * <pre>{@code
 * new TraceGenerator(42, 10_000_000, 64).generate(writer::write);
 * long written = new TraceGenerator(42, 10_000_000, 64).writeTo(Path.of("big.jsonl.gz"), n -> { });
 * }</pre>
 */
public final class TraceGenerator {
    private static final long PAGE = 4096;
    private static final long HUGE = 2L << 20;
    private static final long T0_MICROS = 1_700_000_000_000_000L;

    private final long seed;
    private final long events;
    private final int contexts;
    private double misuseRate = 0.002;

    public TraceGenerator(long seed, long events, int contexts) {
        if (events < 0) {
            throw new IllegalArgumentException("events: must be >= 0, was " + events);
        }
        if (contexts < 1) {
            throw new IllegalArgumentException("contexts: must be >= 1, was " + contexts);
        }
        this.seed = seed;
        this.events = events;
        this.contexts = contexts;
    }

    /** Probability that a step is an illegal call (default 0.002). */
    public TraceGenerator misuseRate(double rate) {
        this.misuseRate = rate;
        return this;
    }

    /** Events between two calls of {@link #writeTo}'s progress callback. */
    public static final long PROGRESS_EVERY = 1 << 16;

    /**
     * Writes the trace as JSON Lines ({@code .gz}: compressed) and returns the number of events;
     * {@code progress} is told the count so far every {@value #PROGRESS_EVERY} events.
     */
    public long writeTo(Path file, LongConsumer progress) throws IOException {
        long[] n = {0};
        try (TraceWriter w = TraceWriter.create(file)) {
            generate(e -> {
                try {
                    w.write(e);
                } catch (IOException ex) {
                    throw new UncheckedIOException(ex);
                }
                if (++n[0] % PROGRESS_EVERY == 0) {
                    progress.accept(n[0]);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return n[0];
    }

    /** Emits about {@code events} events (each ctx finishes with its close). */
    public void generate(Consumer<TraceEvent> out) {
        SplittableRandom rnd = new SplittableRandom(seed);
        Ctx[] live = new Ctx[contexts];
        long emitted = 0;
        long clockNanos = 1_000_000_000L;
        int serial = 0;
        for (int i = 0; i < contexts; i++) {
            live[i] = new Ctx("gen:" + seed + ":" + serial++, rnd.split());
        }
        long perCtx = Math.max(16, events / contexts);
        while (emitted < events) {
            int i = rnd.nextInt(contexts);
            Ctx c = live[i];
            clockNanos += 1_000 + rnd.nextInt(20_000);
            emitted += c.step(clockNanos, out, perCtx);
            if (c.closed) {
                live[i] = new Ctx("gen:" + seed + ":" + serial++, rnd.split());
            }
        }
        for (Ctx c : live) {
            if (c.seq > 0 && !c.closed) {
                clockNanos += 1_000;
                c.emit(new CloseEvent(c.env(clockNanos)), out);
            }
        }
    }

    private final class Ctx {
        final String id;
        final SplittableRandom rnd;
        long seq;
        long steps;
        boolean closed;
        final long anon = 0x7f0000000000L;
        final long shmem = 0x7f4000000000L;
        final long huge = 0x7f8000000000L;
        final long pages = 4096;
        long pendingAddr = -1;
        String pendingKind;

        Ctx(String id, SplittableRandom rnd) {
            this.id = id;
            this.rnd = rnd;
        }

        Envelope env(long nanos) {
            return new Envelope(id, seq, nanos, T0_MICROS + nanos / 1000);
        }

        void emit(TraceEvent e, Consumer<TraceEvent> out) {
            out.accept(e);
            seq++;
            if (e instanceof CloseEvent) {
                closed = true;
            }
        }

        int step(long now, Consumer<TraceEvent> out, long lifetime) {
            steps++;
            if (seq == 0) {
                emit(new OpenEvent(env(now), "gen", 1000, "6.18.44", "syscall", null, List.of("EVENT_REMOVE", "THREAD_ID"),
                        "ok", List.of(), List.of("REGISTER", "UNREGISTER", "API")), out);
                return 1;
            }
            if (seq == 1) {
                emit(register(now, anon, MemType.ANON, PAGE, List.of("MISSING", "WP")), out);
                emit(register(now + 10, shmem, MemType.SHMEM, PAGE, List.of("MISSING", "MINOR")), out);
                emit(register(now + 20, huge, MemType.HUGETLB, HUGE, List.of("MISSING")), out);
                return 3;
            }
            if (steps > lifetime) {
                emit(new CloseEvent(env(now)), out);
                return 1;
            }
            if (pendingAddr >= 0) {
                return resolve(now, out);
            }
            double r = rnd.nextDouble();
            if (r < misuseRate) {
                emit(ioctl(now, "CONTINUE", anon + page() * PAGE, PAGE, List.of(), "EINVAL", null), out);
                return 1;
            }
            if (r < misuseRate * 2) {
                long addr = anon + page() * PAGE;
                emit(UffdMessageEvent.range(env(now), UffdMessageEvent.REMOVE, addr, addr + PAGE), out);
                return 1;
            }
            fault(now, out);
            return 1;
        }

        private long page() {
            return rnd.nextLong(pages);
        }

        void fault(long now, Consumer<TraceEvent> out) {
            int kind = rnd.nextInt(10);
            long addr;
            List<String> flags;
            if (kind < 4) {
                addr = anon + page() * PAGE;
                flags = rnd.nextBoolean() ? List.of() : List.of("WRITE");
                pendingKind = rnd.nextBoolean() ? "ZEROPAGE" : "COPY";
            } else if (kind < 6) {
                addr = anon + page() * PAGE;
                flags = List.of("WRITE", "WP");
                pendingKind = "WRITEPROTECT";
            } else if (kind < 9) {
                addr = shmem + page() * PAGE;
                flags = List.of("MINOR");
                pendingKind = "CONTINUE";
            } else {
                addr = huge + rnd.nextLong(64) * HUGE;
                flags = List.of("WRITE");
                pendingKind = "COPY";
            }
            pendingAddr = addr;
            emit(new FaultEvent(env(now), addr, flags, (long) (1000 + rnd.nextInt(8))), out);
        }

        int resolve(long now, Consumer<TraceEvent> out) {
            long size = pendingAddr >= huge ? HUGE : PAGE;
            long start = pendingAddr - Math.floorMod(pendingAddr, size);
            long latency = 5_000 + (long) (rnd.nextDouble() * rnd.nextDouble() * 200_000);
            Long src = "COPY".equals(pendingKind) ? 0x10000000L : null;
            emit(ioctl(now + latency, pendingKind, start, size, List.of(), "ok", src), out);
            pendingAddr = -1;
            return 1;
        }

        RegisterEvent register(long now, long start, MemType mem, long pageSize, List<String> modes) {
            long len = mem == MemType.HUGETLB ? 64 * HUGE : pages * PAGE;
            return new RegisterEvent(env(now), start, len, mem, pageSize, modes, "ok",
                    List.of("WAKE", "COPY", "ZEROPAGE", "WRITEPROTECT", "CONTINUE", "POISON"), null, false);
        }

        IoctlEvent ioctl(long now, String op, long start, long len, List<String> mode, String result, Long src) {
            return new IoctlEvent(env(now), op, start, len, mode, result, src, null, 3_000L);
        }
    }
}
