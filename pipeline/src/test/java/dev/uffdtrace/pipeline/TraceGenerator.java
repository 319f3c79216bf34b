package dev.uffdtrace.pipeline;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * Writes a synthetic, seeded trace: many ctxs interleaved by time, each registering a region and
 * serving faults (COPY, ZEROPAGE, WAKE, un-WRITEPROTECT, UNREGISTER), with some misuse (CONTINUE on
 * anon, ioctls and faults outside registrations), late and never-woken faults, holes, duplicates,
 * loss events, events after close, and invalid and blank lines.
 */
final class TraceGenerator {
    static final long START_MICROS = 1_764_300_000_000_000L;
    private static final String[] KERNELS = {"6.18.44-fc-v657", "6.1.112", "6.12.3", "5.15.0-91"};
    private static final String[] MEMS = {"anon", "anon", "shmem", "hugetlb"};

    private final long seed;
    private final int contexts;
    private final int eventsPerContext;

    TraceGenerator(long seed, int contexts, int eventsPerContext) {
        this.seed = seed;
        this.contexts = contexts;
        this.eventsPerContext = eventsPerContext;
    }

    /** Writes the trace split over {@code files.size()} files in time order; returns the lines written. */
    long write(List<Path> files) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        PriorityQueue<Ctx> queue = new PriorityQueue<>((a, b) -> a.nextTime != b.nextTime
                ? Long.compare(a.nextTime, b.nextTime) : Integer.compare(a.id, b.id));
        for (int i = 0; i < contexts; i++) {
            Ctx c = new Ctx(i, random.split());
            c.advance();
            queue.add(c);
        }
        long total = (long) contexts * eventsPerContext;
        long perFile = total / files.size() + 1;
        long lines = 0;
        List<BufferedWriter> writers = new ArrayList<>();
        for (Path f : files) {
            writers.add(Files.newBufferedWriter(f, StandardCharsets.UTF_8));
        }
        try {
            while (!queue.isEmpty()) {
                Ctx c = queue.poll();
                BufferedWriter w = writers.get((int) Math.min(lines / perFile, writers.size() - 1));
                w.write(c.nextLine);
                w.write('\n');
                lines++;
                if (random.nextInt(500) == 0) {
                    w.write(invalid(random));
                    w.write('\n');
                    lines++;
                }
                if (c.advance()) {
                    queue.add(c);
                }
            }
        } finally {
            for (BufferedWriter w : writers) {
                w.close();
            }
        }
        return lines;
    }

    private static String invalid(SplittableRandom r) {
        return switch (r.nextInt(5)) {
            case 0 -> "this is not json";
            case 1 -> "{\"v\":1,\"type\":\"fault\",\"ctx\":\"x\",\"seq\":3,\"mono_ns\":1,\"time_us\":1,\"flags\":[]}";
            case 2 -> "{\"v\":2,\"type\":\"close\",\"ctx\":\"x\",\"seq\":3,\"mono_ns\":1,\"time_us\":1}";
            case 3 -> "   ";
            default -> "[1,2,3]";
        };
    }

    /** One uffd's event stream, produced one line at a time in its own time order. */
    private final class Ctx {
        final int id;
        final SplittableRandom r;
        final String name;
        final String mem;
        final long base;
        final long page;
        long seq = -1;
        long time;
        long emitted;
        boolean closed;
        boolean done;
        long nextTime;
        String nextLine;
        String previousLine;
        /** A fault waiting for its wake: address and when to wake it. */
        long pendingAddr = -1;
        long pendingWakeAt;

        Ctx(int id, SplittableRandom r) {
            this.id = id;
            this.r = r;
            this.name = "host" + (id % 3) + ":" + (1000 + id) + ":0:boot";
            this.mem = MEMS[id % MEMS.length];
            this.base = 0x7f00_0000_0000L + (long) id * 0x1000_0000L;
            this.page = "hugetlb".equals(mem) ? 2 << 20 : 4096;
            this.time = START_MICROS + r.nextLong(1_000_000);
        }

        /** Prepares the next line; false when the stream has ended. */
        boolean advance() {
            if (done) {
                return false;
            }
            time += 1 + r.nextLong(2_000);
            emitted++;
            if (previousLine != null && r.nextInt(100) == 0) {
                set(previousLine); // a duplicate
                return true;
            }
            if (seq >= 0 && r.nextInt(150) == 0) {
                seq++; // a hole
            }
            seq++;
            if (seq == 0) {
                set(open());
            } else if (seq == 1) {
                set(register(base, 64 * page, "[\"MISSING\",\"WP\"]"));
            } else if (closed) {
                set(event("fault") + ",\"addr\":" + (base + page) + ",\"flags\":[]}"); // after close
                done = true;
            } else if (emitted >= eventsPerContext) {
                finish();
            } else {
                set(body());
            }
            return true;
        }

        private void finish() {
            int end = r.nextInt(10);
            if (end < 7) {
                set(event("close") + "}");
                closed = true;
                done = r.nextInt(5) != 0; // sometimes one more event after the close
            } else {
                set(event("loss") + ",\"dropped\":3,\"reason\":\"ring full\"}");
                done = true; // never closed: a waiting fault stays outstanding
            }
        }

        private String body() {
            if (pendingAddr >= 0 && time >= pendingWakeAt) {
                long addr = pendingAddr;
                pendingAddr = -1;
                return wake(addr);
            }
            int k = r.nextInt(100);
            if (k < 45 && pendingAddr < 0) {
                pendingAddr = base + r.nextInt(64) * page + r.nextInt(64);
                int late = r.nextInt(100);
                pendingWakeAt = time + (late < 3 ? 1_500_000 : late < 5 ? Long.MAX_VALUE / 4 : r.nextInt(500));
                String flags = r.nextInt(4) == 0 ? "[\"WRITE\"]" : r.nextInt(10) == 0 ? "[\"MINOR\"]" : "[]";
                return event("fault") + ",\"addr\":" + pendingAddr + ",\"flags\":" + flags + "}";
            }
            if (k < 50) {
                return ioctl("CONTINUE", base + r.nextInt(64) * page, page, "[]", "ok", null);
            }
            if (k < 53) {
                return ioctl("COPY", base + 200 * page, page, "[]", "EINVAL", 0L);
            }
            if (k < 56) {
                return event("fault") + ",\"addr\":" + (base - 10 * page) + ",\"flags\":[]}";
            }
            if (k < 60) {
                return ioctl("WRITEPROTECT", base, 4 * page, "[\"WP\"]", "ok", null);
            }
            if (k < 62) {
                return event("event") + ",\"kind\":\"REMOVE\",\"start\":" + base + ",\"end\":" + (base + page) + "}";
            }
            return ioctl("ZEROPAGE", base + 63 * page, page, "[\"DONTWAKE\"]", "ok", null);
        }

        private String wake(long addr) {
            long pg = addr - Math.floorMod(addr, page);
            return switch (r.nextInt(6)) {
                case 0 -> ioctl("ZEROPAGE", pg, page, "[]", "ok", null);
                case 1 -> ioctl("WAKE", pg, page, "[]", "ok", null);
                case 2 -> ioctl("WRITEPROTECT", pg, page, "[]", "ok", null);
                case 3 -> ioctl("COPY", pg, 2 * page, "[]", "EAGAIN", page);
                default -> ioctl("COPY", pg, page, "[]", "ok", null);
            };
        }

        private String open() {
            String kernel = KERNELS[id % KERNELS.length];
            String requested = id % 5 == 0 ? "[\"WP_ASYNC\",\"EVENT_FORK\"]" : id % 7 == 0 ? "[\"POISON\"]" : "[]";
            return event("open") + ",\"host\":\"host" + (id % 3) + "\",\"pid\":" + (1000 + id) + ",\"kernel\":\""
                    + kernel + "\",\"via\":\"syscall\",\"requested\":" + requested
                    + ",\"result\":\"ok\",\"features\":[\"PAGEFAULT_FLAG_WP\",\"EVENT_FORK\"],\"ioctls\":[\"REGISTER\",\"UNREGISTER\",\"API\"]}";
        }

        private String register(long start, long len, String modes) {
            return event("register") + ",\"start\":" + start + ",\"len\":" + len + ",\"mem\":\"" + mem
                    + "\",\"page_size\":" + page + ",\"modes\":" + modes + ",\"result\":\"ok\",\"ioctls\":[\"COPY\",\"WAKE\"]}";
        }

        private String ioctl(String op, long start, long len, String mode, String result, Long bytes) {
            return event("ioctl") + ",\"op\":\"" + op + "\",\"start\":" + start + ",\"len\":" + len + ",\"mode\":" + mode
                    + ",\"result\":\"" + result + "\"" + (bytes == null ? "" : ",\"bytes\":" + bytes)
                    + ",\"dur_ns\":" + (1000 + r.nextInt(5000)) + "}";
        }

        private String event(String type) {
            return "{\"v\":1,\"type\":\"" + type + "\",\"ctx\":\"" + name + "\",\"seq\":" + seq + ",\"mono_ns\":"
                    + (time * 1000 + r.nextInt(900)) + ",\"time_us\":" + time;
        }

        private void set(String line) {
            nextLine = line;
            nextTime = time;
            if (!line.equals(previousLine)) {
                previousLine = line;
            }
        }
    }
}
