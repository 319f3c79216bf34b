package dev.uffdtrace.collector.observe;

import com.sun.jna.Memory;
import dev.uffdtrace.collector.linux.ApiAnswer;
import dev.uffdtrace.collector.linux.NativeException;
import dev.uffdtrace.collector.linux.Uffd;
import dev.uffdtrace.collector.loop.HostIdentity;
import dev.uffdtrace.collector.publish.EventOutbox;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The BPF programs attached and one thread reading their ring buffer in batches into a
 * {@link TraceMapper}. Every {@value #HOUSEKEEPING_MILLIS} ms it also turns new kernel drop
 * counts into loss events and forgets, in the kernel's maps, the fds of exited processes and the
 * uffds that went with them.
 *
 * <pre>
 *   try (Observer o = Observer.start(host, outbox, new Observer.Options(pid, false, 64))) {
 *       ... the observed program runs ...
 *       o.stop();            // drains what the kernel already wrote, then detaches on close
 *   }
 * </pre>
 */
public final class Observer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Observer.class);
    private static final int HOUSEKEEPING_MILLIS = 100;
    private static final long AWAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    /**
     * @param pid          the process to observe (0: every process)
     * @param countersOnly keep per-ctx counters in the kernel instead of sending faults and range ioctls
     * @param maxMsgs      uffd_msgs copied per read, 1..64 (the rest of a larger read is counted lost)
     */
    public record Options(int pid, boolean countersOnly, int maxMsgs) {
        public Options {
            if (pid < 0) {
                throw new IllegalArgumentException("pid: must be >= 0, was " + pid);
            }
            if (maxMsgs < 1 || maxMsgs > 64) {
                throw new IllegalArgumentException("maxMsgs: must be in 1..64, was " + maxMsgs);
            }
        }
    }

    private final BpfObject bpf;
    private final RingBuffer ring;
    private final BpfMap drops;
    private final BpfMap uffds;
    private final BpfMap files;
    private final BpfMap counters;
    private final TraceMapper mapper;
    private final Map<Long, Long> dropsSeen = new HashMap<>();
    private final Thread thread;
    private volatile boolean stopping;
    private volatile Throwable failure;
    private long lastHousekeeping;
    private long lostTotal;

    private Observer(BpfObject bpf, RingBuffer ring, TraceMapper mapper) throws ObserveException {
        this.bpf = bpf;
        this.ring = ring;
        this.mapper = mapper;
        this.drops = bpf.map("drops");
        this.uffds = bpf.map("uffds");
        this.files = bpf.map("files");
        this.counters = bpf.map("counters");
        this.thread = new Thread(this::run, "uffd-observe");
        thread.setDaemon(true);
    }

    /** Loads and attaches the programs and starts reading; the observed programs can start after this returns. */
    public static Observer start(HostIdentity host, EventOutbox outbox, Options options) throws ObserveException {
        long kernelFeatures = kernelFeatures();
        BpfObject bpf = BpfObject.loadAndAttach();
        try {
            Memory key = new Memory(4);
            key.setInt(0, 0);
            Memory cfg = new Memory(16);
            cfg.clear();
            cfg.setInt(0, options.countersOnly() ? 1 : 0);
            cfg.setInt(4, options.maxMsgs());
            cfg.setInt(8, options.pid());
            bpf.map("cfg").update(key, cfg);
            RingBuffer ring = new RingBuffer(bpf.map("events"));
            TraceMapper mapper = new TraceMapper(host, outbox, options.pid(), ProcView.live(), kernelFeatures);
            if (options.pid() != 0) {
                mapper.onPublish(watcher(bpf.map("watched"), bpf.map("watched_tgids")));
            }
            Observer o = new Observer(bpf, ring, mapper);
            o.thread.start();
            return o;
        } catch (NativeException e) {
            bpf.close();
            throw new ObserveException("observe: cannot map the BPF ring buffer: " + e.getMessage(), e);
        } catch (ObserveException | RuntimeException e) {
            bpf.close();
            throw e;
        }
    }

    /** With --pid: tells the kernel to send the faults and range ioctls of a ctx now published, and its owner's user faults. */
    private static ObservedUffds.PublishListener watcher(BpfMap ctxs, BpfMap tgids) {
        Memory one = new Memory(1);
        one.setByte(0, (byte) 1);
        Memory tgid = new Memory(4);
        return (id, ownerPid) -> {
            try {
                ctxs.update(BpfMap.u64(id), one);
                tgid.setInt(0, ownerPid);
                tgids.update(tgid, one);
            } catch (ObserveException e) {
                LOG.warn("ctx {}: the kernel will not send its faults ({})", id, e.getMessage());
            }
        };
    }

    /** The kernel's supported features, from a UFFDIO_API on a uffd of our own made before attaching. */
    private static long kernelFeatures() {
        try (Uffd probe = Uffd.viaSyscall()) {
            ApiAnswer a = probe.api(0);
            return a.ok() ? a.features() : 0;
        } catch (NativeException e) {
            LOG.info("cannot ask the kernel for its uffd features ({}); adopted uffds will list none", e.getMessage());
            return 0;
        }
    }

    private void run() {
        try {
            while (!stopping) {
                ring.await(AWAIT_NANOS);
                drain();
                housekeeping(false);
            }
            drain();
            housekeeping(true);
        } catch (Throwable e) {
            failure = e;
            LOG.error("observe stopped", e);
        }
    }

    private void drain() {
        while (ring.consume(this::record) > 0) {
            // keep going while the kernel writes
        }
    }

    private void record(ByteBuffer data, int offset, int length) {
        try {
            mapper.accept(data, offset, length);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing", e);
        }
    }

    private void housekeeping(boolean force) {
        long now = System.nanoTime();
        if (!force && now - lastHousekeeping < TimeUnit.MILLISECONDS.toNanos(HOUSEKEEPING_MILLIS)) {
            return;
        }
        lastHousekeeping = now;
        Memory value = new Memory(8);
        for (long id : drops.longKeys()) {
            if (drops.lookup(BpfMap.u64(id), value)) {
                long total = value.getLong(0);
                long before = dropsSeen.getOrDefault(id, 0L);
                if (total > before) {
                    dropsSeen.put(id, total);
                    lostTotal += total - before;
                    mapper.lost(id, total - before, now);
                }
            }
        }
        for (long key : mapper.takeForgotten()) {
            uffds.delete(BpfMap.u64(key));
        }
        for (ObservedUffds.GoneFile g : mapper.takeGoneFiles()) {
            // only if still this ctx's: a new uffd may have got the same struct file address meanwhile
            Memory key = BpfMap.u64(g.file());
            if (files.lookup(key, value) && value.getLong(0) == g.ctxId()) {
                files.delete(key);
            }
        }
    }

    /** Stops reading after draining what the kernel has written so far; rethrows what ended the reader. */
    public void stop() throws ObserveException, InterruptedException {
        stopping = true;
        thread.join(TimeUnit.SECONDS.toMillis(30));
        if (thread.isAlive()) {
            throw new ObserveException("observe: the ring-buffer reader did not stop within 30 s");
        }
        if (failure != null) {
            throw new ObserveException("observe: the ring-buffer reader failed: " + failure, failure);
        }
    }

    /** The kernel's ctx id for fd {@code fd} of process {@code tgid} (its uffds map), or null: for tests. */
    Long kernelCtxOf(int tgid, int fd) {
        Memory value = new Memory(8);
        return uffds.lookup(BpfMap.u64(ObservedCtx.holder(tgid, fd)), value) ? value.getLong(0) : null;
    }

    /** Whether the kernel's files map still has an entry for ctx {@code id}: for tests. */
    boolean kernelKnowsFileOf(long id) {
        Memory value = new Memory(8);
        return files.longKeys().stream().anyMatch(f -> files.lookup(BpfMap.u64(f), value) && value.getLong(0) == id);
    }

    /** Records dropped by the kernel (ring buffer full or more messages in one read than copied). */
    public long lost() {
        return lostTotal;
    }

    public long records() {
        return mapper.records();
    }

    /** The user-fault-to-read waits as JSON (see {@link FaultWaits}). */
    public String faultWaitsJson() {
        return mapper.waits().json();
    }

    /** The kernel's per-ctx counters (--counters) as one JSON object. */
    public String countersJson() {
        return new CountersReport(counters, mapper::ctxName).json(lostTotal);
    }

    @Override
    public void close() throws NativeException {
        stopping = true;
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            ring.close();
        } finally {
            bpf.close();
        }
    }
}
