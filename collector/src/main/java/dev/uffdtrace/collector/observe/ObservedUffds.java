package dev.uffdtrace.collector.observe;

import dev.uffdtrace.analyzer.trace.CloseEvent;
import dev.uffdtrace.analyzer.trace.OpenEvent;
import dev.uffdtrace.analyzer.trace.RegisterEvent;
import dev.uffdtrace.collector.linux.BitNames;
import dev.uffdtrace.collector.linux.Errno;
import dev.uffdtrace.collector.loop.HostIdentity;
import dev.uffdtrace.collector.loop.Region;
import dev.uffdtrace.collector.publish.EventOutbox;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The uffds user space follows, by kernel ctx id and by the (tgid, fd) holders of each, from the
 * records that make, share and drop them. A ctx is published once it is made in, handed to or
 * forked into the observed process (or its parent was published); until then its events are held.
 *
 * <pre>
 *   CREATE ─► ctx (owner, via);  HANDOFF ─► same ctx, one more holder
 *   ADOPT ─► ctx first seen in use: open via handoff, features from fdinfo
 *   FORKED ─► child ctx: open via fork + inherited registers
 *   CLOSE (last holder), EXIT (every holder of the process) ─► close, ctx forgotten
 * </pre>
 */
final class ObservedUffds {
    private static final Logger LOG = LoggerFactory.getLogger(ObservedUffds.class);

    /**
     * How many closed ctxs keep their name for {@link #ctxName}: as many as the kernel keeps counters
     * for (the counters map's max_entries), so a --counters report names each.
     */
    static final int CLOSED_NAMES = 65536;

    /** A uffd gone with its process: the files map entry (struct file -> ctx) the kernel cannot drop itself. */
    record GoneFile(long file, long ctxId) {
    }

    /** Told when a ctx starts being published (the kernel then sends its faults and range ioctls). */
    interface PublishListener {
        void published(long ctxId, int ownerPid);
    }

    private final HostIdentity host;
    private final EventOutbox outbox;
    private final int targetPid;
    private final ProcView proc;
    private final long kernelFeatures;
    private final long observerPid;
    private final Map<Long, ObservedCtx> ctxs = new HashMap<>();
    private final Map<Long, Long> byHolder = new HashMap<>();
    private final List<Long> forgotten = new ArrayList<>();
    private final List<GoneFile> goneFiles = new ArrayList<>();
    private final Map<Long, String> closedNames = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, String> eldest) {
            return size() > CLOSED_NAMES;
        }
    };
    private PublishListener listener = (id, pid) -> { };

    /** Arguments as for {@link TraceMapper#TraceMapper}. */
    ObservedUffds(HostIdentity host, EventOutbox outbox, int targetPid, ProcView proc, long kernelFeatures) {
        this.host = host;
        this.outbox = outbox;
        this.targetPid = targetPid;
        this.proc = proc;
        this.kernelFeatures = kernelFeatures;
        this.observerPid = host.pid();
    }

    void onPublish(PublishListener l) {
        this.listener = l;
    }

    /** The followed ctx of kernel id {@code id}, or null when never seen or already closed. */
    ObservedCtx get(long id) {
        return ctxs.get(id);
    }

    /** The ctx string of kernel ctx {@code id}, open or closed (the last {@value #CLOSED_NAMES}), or null when never seen. */
    String ctxName(long id) {
        ObservedCtx c = ctxs.get(id);
        return c == null ? closedNames.get(id) : c.ctx;
    }

    /** The ctx string of the uffd that process {@code tgid} holds on {@code fd}, or null. */
    String heldBy(int tgid, int fd) {
        Long id = byHolder.get(ObservedCtx.holder(tgid, fd));
        return id == null || !ctxs.containsKey(id) ? null : ctxs.get(id).ctx;
    }

    /** The (tgid, fd) keys user space stopped following (exited processes): delete them from the BPF map. */
    List<Long> takeForgotten() {
        List<Long> f = new ArrayList<>(forgotten);
        forgotten.clear();
        return f;
    }

    /** The files map entries of uffds gone with their processes, since the last call: user space deletes them. */
    List<GoneFile> takeGoneFiles() {
        List<GoneFile> g = new ArrayList<>(goneFiles);
        goneFiles.clear();
        return g;
    }

    void created(ObsRecord r) {
        ObservedCtx c = track(r.ctx(), r.tgid(), r.fd(),
                r.a() == ObsRecord.VIA_DEV ? OpenEvent.VIA_DEV : OpenEvent.VIA_SYSCALL);
        c.file = r.newFile();
        if (observed(r.tgid())) {
            publish(c);
        }
    }

    void handedOff(ObsRecord r) {
        ObservedCtx c = ctxs.get(r.ctx());
        if (c == null) {
            LOG.warn("handoff of a uffd never seen: {}", r);
            return;
        }
        hold(c, r.tgid(), r.fd());
        if (!c.published() && observed(r.tgid())) {
            c.via = OpenEvent.VIA_HANDOFF;
            publish(c);
        }
    }

    /** A uffd first seen in use (made before observe started, or by an unobserved path): its open from fdinfo. */
    void adopted(ObsRecord r) {
        ObservedCtx c = track(r.ctx(), r.tgid(), r.fd(), OpenEvent.VIA_HANDOFF);
        c.file = r.a();
        long features = proc.uffdFeatures(r.tgid(), r.fd());
        c.requested = Math.max(features, 0);
        CtxOpen.sendUnseen(c, host, r.ts(), kernelFeatures);
        if (observed(r.tgid())) {
            publish(c);
        }
    }

    /** FORKED: the child's uffd, installed in the reader by the FORK message that follows. */
    void forked(ObsRecord r) {
        ObservedCtx parent = ctxs.get(r.a());
        ObservedCtx c = track(r.ctx(), r.tgid(), r.fd(), OpenEvent.VIA_FORK);
        c.file = r.newFile();
        if (parent == null) {
            LOG.warn("fork of a uffd never seen: {}", r);
            c.parent = "unknown";
            CtxOpen.sendUnseen(c, host, r.ts(), kernelFeatures);
        } else {
            c.parent = parent.ctx;
            c.requested = parent.requested;
            CtxOpen.send(c, host, r.ts(), Errno.name(0), parent.apiFeatures, parent.apiIoctls);
            for (Region g : parent.regions.snapshot()) {
                c.regions.add(g);
                c.emit(r.ts(), env -> new RegisterEvent(env, g.start(), g.len(), g.mem(), g.pageSize(),
                        BitNames.modes(g.modeBits()), Errno.name(0), List.of(), null, true));
            }
        }
        if (parent != null && parent.published() || observed(r.tgid())) {
            publish(c);
        }
    }

    void closed(ObsRecord r) throws InterruptedException {
        ObservedCtx c = ctxs.get(r.ctx());
        long key = ObservedCtx.holder(r.tgid(), r.fd());
        byHolder.remove(key);
        if (c != null) {
            c.holders.remove(key);
            closeIfUnheld(c, r.ts());
        }
    }

    /**
     * The process is gone: its fds are closed without close(2) calls, so every uffd it held loses a
     * holder, and the kernel, which drops a uffd's files entry at the close(2) of its last
     * reference, never sees one: a uffd left without holders here is handed to {@link #takeGoneFiles}.
     */
    void exited(ObsRecord r) throws InterruptedException {
        for (ObservedCtx c : new ArrayList<>(ctxs.values())) {
            boolean held = c.holders.removeIf(k -> {
                boolean mine = (int) (k >>> 32) == r.tgid();
                if (mine) {
                    forgotten.add(k);
                    byHolder.remove(k);
                }
                return mine;
            });
            if (held) {
                closeIfUnheld(c, r.ts());
                if (c.closed && c.file != 0) {
                    goneFiles.add(new GoneFile(c.file, c.id));
                }
            }
        }
    }

    private String name(int ownerPid, long id) {
        return host.host() + ":" + ownerPid + ":o" + observerPid + "." + id + ":" + host.bootId();
    }

    private boolean observed(int tgid) {
        return targetPid == 0 || tgid == targetPid;
    }

    private ObservedCtx track(long id, int tgid, int fd, String via) {
        ObservedCtx c = new ObservedCtx(id, name(tgid, id), tgid, via);
        ctxs.put(id, c);
        hold(c, tgid, fd);
        return c;
    }

    private void hold(ObservedCtx c, int tgid, int fd) {
        long key = ObservedCtx.holder(tgid, fd);
        c.holders.add(key);
        byHolder.put(key, c.id);
    }

    private void publish(ObservedCtx c) {
        if (!c.published()) {
            c.publish(outbox);
            listener.published(c.id, c.ownerPid);
        }
    }

    private void closeIfUnheld(ObservedCtx c, long ts) throws InterruptedException {
        if (!c.holders.isEmpty() || c.closed) {
            return;
        }
        c.closed = true;
        CtxOpen.ensure(c, host, ts);
        c.emitLast(ts, CloseEvent::new);
        ctxs.remove(c.id);
        closedNames.put(c.id, c.ctx);
    }
}
