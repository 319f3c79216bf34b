package dev.uffdtrace.analyzer.replay;

import dev.uffdtrace.analyzer.capability.CapabilityJudge;
import dev.uffdtrace.analyzer.rules.FaultRules;
import dev.uffdtrace.analyzer.rules.IoctlRules;
import dev.uffdtrace.analyzer.rules.OpenRules;
import dev.uffdtrace.analyzer.rules.RegisterRules;
import dev.uffdtrace.analyzer.rules.StuckAndLossRules;
import dev.uffdtrace.analyzer.state.OutstandingFaults;
import dev.uffdtrace.analyzer.state.PendingFault;
import dev.uffdtrace.analyzer.state.RegisteredRange;
import dev.uffdtrace.analyzer.state.Registrations;
import dev.uffdtrace.analyzer.stats.LatencySample;
import dev.uffdtrace.analyzer.trace.CloseEvent;
import dev.uffdtrace.analyzer.trace.FaultEvent;
import dev.uffdtrace.analyzer.trace.IoctlEvent;
import dev.uffdtrace.analyzer.trace.LossEvent;
import dev.uffdtrace.analyzer.trace.Names;
import dev.uffdtrace.analyzer.trace.OpenEvent;
import dev.uffdtrace.analyzer.trace.RegisterEvent;
import dev.uffdtrace.analyzer.trace.TraceEvent;
import dev.uffdtrace.analyzer.trace.UffdMessageEvent;
import dev.uffdtrace.analyzer.trace.UnregisterEvent;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The replayed state of one userfaultfd, rebuilt only from its events:
 * <pre>
 *   open ──► features in effect, profile ──► register/unregister ──► registrations (interval map)
 *                                            REMAP / UNMAP        ──► moved / removed ranges
 *   fault ──► outstanding (by page, by time) ──► woken by COPY/ZEROPAGE/CONTINUE/MOVE/POISON
 *                                                (bytes done), un-WRITEPROTECT, WAKE,
 *                                                unregister, close
 * </pre>
 * Each event is first judged by the rules against the state before it, then applied.
 * Pure: no clock, no I/O, no logging; anomalies become findings.
 */
public final class ContextReplay {
    private final String ctx;
    private final ReplaySettings settings;
    private final Registrations registrations = new Registrations();
    private final OutstandingFaults outstanding = new OutstandingFaults();
    private CapabilityJudge judge;
    private String kernelRelease;
    private Set<String> features = Set.of();
    private boolean wpAsync;
    private long highestSeq = -1;
    private long closeSeq = -1;

    public ContextReplay(String ctx, ReplaySettings settings) {
        this.ctx = ctx;
        this.settings = settings;
        this.judge = new CapabilityJudge(settings.profiles().forRelease(null));
    }

    public String ctx() {
        return ctx;
    }

    public String profileName() {
        return judge.profile().name();
    }

    /** Applies one event of this ctx, in arrival order. */
    public void apply(TraceEvent e, ReplayListener out) {
        long seq = e.seq();
        if (seq <= highestSeq) {
            out.duplicate(e);
            return;
        }
        if (closeSeq >= 0) {
            out.afterClose(e);
            return;
        }
        boolean hole = seq > highestSeq + 1;
        if (hole) {
            StuckAndLossRules.hole(highestSeq + 1, seq - 1, e, profileName(), out);
        }
        highestSeq = seq;
        out.applied(e);
        if (e instanceof FaultEvent f) {
            onFault(f, out);
        } else if (e instanceof IoctlEvent i) {
            onIoctl(i, out);
        } else if (e instanceof RegisterEvent r) {
            onRegister(r, out);
        } else if (e instanceof UnregisterEvent u) {
            onUnregister(u, out);
        } else if (e instanceof OpenEvent o) {
            onOpen(o, out);
        } else if (e instanceof UffdMessageEvent m) {
            onMessage(m);
        } else if (e instanceof LossEvent l) {
            if (!hole) { // EVENTS_LOST fires once per event
                StuckAndLossRules.loss(l, profileName(), out);
            }
        } else if (e instanceof CloseEvent c) {
            onClose(c, out);
        }
    }

    private void onOpen(OpenEvent o, ReplayListener out) {
        kernelRelease = o.kernel();
        judge = new CapabilityJudge(settings.profiles().forRelease(kernelRelease));
        OpenRules.check(o, judge, out);
        features = o.succeeded() ? Set.copyOf(o.requested()) : Set.of();
        wpAsync = features.contains(Names.FEATURE_WP_ASYNC);
    }

    private void onRegister(RegisterEvent r, ReplayListener out) {
        RegisterRules.check(r, wpAsync, judge, out);
        if (r.succeeded() && r.len() > 0) {
            registrations.add(new RegisteredRange(r.start(), r.end(), r.mem(), r.pageSize(), new HashSet<>(r.modes())));
        }
    }

    private void onUnregister(UnregisterEvent u, ReplayListener out) {
        if (!u.succeeded()) {
            return;
        }
        // the kernel wakes waiters on an unregistered range so that they do not hang
        wake(u.start(), u.end(), Names.UNREGISTER, u, out);
        registrations.remove(u.start(), u.end());
    }

    private void onFault(FaultEvent f, ReplayListener out) {
        RegisteredRange holder = registrations.at(f.addr());
        FaultRules.check(f, holder, profileName(), out);
        long pageSize = holder == null ? 4096 : holder.pageSize();
        long page = f.addr() - Math.floorMod(f.addr(), pageSize);
        String mem = holder == null ? "other" : holder.mem().wireName();
        outstanding.add(new PendingFault(f, page, pageSize, mem));
    }

    private void onIoctl(IoctlEvent i, ReplayListener out) {
        IoctlRules.check(i, registrations, wpAsync, judge, out);
        if (i.hasMode(IoctlEvent.MODE_DONTWAKE)) {
            return;
        }
        switch (i.op()) {
            case Names.COPY, Names.ZEROPAGE, Names.CONTINUE, Names.MOVE, Names.POISON -> {
                if (i.bytes() != null) {
                    if (i.bytes() > 0) {
                        wake(i.start(), i.start() + i.bytes(), i.op(), i, out);
                    }
                } else if (i.succeeded()) {
                    wake(i.start(), i.end(), i.op(), i, out);
                }
            }
            case Names.WRITEPROTECT -> {
                if (!i.hasMode(IoctlEvent.MODE_WP) && i.succeeded()) {
                    wake(i.start(), i.end(), i.op(), i, out);
                }
            }
            case Names.WAKE -> {
                if (i.succeeded()) {
                    wake(i.start(), i.end(), i.op(), i, out);
                }
            }
            default -> {
                // an op a newer kernel has: it wakes nothing we know of
            }
        }
    }

    private void onMessage(UffdMessageEvent m) {
        switch (m.kind()) {
            case UffdMessageEvent.UNMAP -> registrations.remove(m.start(), m.end());
            case UffdMessageEvent.REMAP -> registrations.move(m.from(), m.to(), m.len());
            default -> {
                // REMOVE leaves registrations as they are; FORK's child has its own stream
            }
        }
    }

    private void onClose(CloseEvent c, ReplayListener out) {
        closeSeq = c.seq();
        List<PendingFault> all = outstanding.wakeAll();
        for (PendingFault f : all) {
            checkStuck(f, c.timeMicros(), out);
        }
        if (!all.isEmpty()) {
            out.resolvedByClose(all.size());
        }
    }

    private void wake(long start, long end, String op, TraceEvent waker, ReplayListener out) {
        for (PendingFault f : outstanding.wake(start, end)) {
            checkStuck(f, waker.timeMicros(), out);
            out.latency(new LatencySample(f.mem(), f.kind().wireName(), op,
                    waker.monoNanos() - f.monoNanos(), waker.timeMicros()));
        }
    }

    private void checkStuck(PendingFault f, long wokenAtMicros, ReplayListener out) {
        long waited = wokenAtMicros - f.timeMicros();
        if (!f.stuckReported() && waited > settings.stuckThresholdMicros()) {
            f.markStuckReported();
            StuckAndLossRules.stuck(f, waited, settings.stuckThresholdMicros(), false, profileName(), out);
        }
    }

    /**
     * Fires FAULT_STUCK for faults still waiting when the trace's time reaches {@code nowMicros}
     * (the streaming watermark, or the latest {@code time_us} of a whole trace).
     */
    public void advanceTime(long nowMicros, ReplayListener out) {
        for (PendingFault f : outstanding.takeStuck(nowMicros, settings.stuckThresholdMicros())) {
            StuckAndLossRules.stuck(f, nowMicros - f.timeMicros(), settings.stuckThresholdMicros(), true,
                    profileName(), out);
        }
    }

    /** The time at which the oldest unreported fault becomes stuck, or {@code Long.MAX_VALUE}. */
    public long nextStuckDeadlineMicros() {
        long oldest = outstanding.oldestUnreportedMicros();
        return oldest == Long.MAX_VALUE ? oldest : oldest + settings.stuckThresholdMicros() + 1;
    }

    /** Faults neither woken nor closed. */
    public int outstandingFaults() {
        return outstanding.size();
    }

    public boolean closed() {
        return closeSeq >= 0;
    }

    /** The state as plain values, for {@link ContextReplayCodec}. */
    record Snapshot(String ctx, String kernelRelease, Set<String> features, long highestSeq, long closeSeq,
                    List<RegisteredRange> ranges, List<PendingFault> faults) {
    }

    /** The complete state as bytes (for checkpointing engines); see {@link #fromBytes}. */
    public byte[] toBytes() {
        return ContextReplayCodec.write(new Snapshot(ctx, kernelRelease, features, highestSeq, closeSeq,
                List.copyOf(registrations.all()), outstanding.all()));
    }

    /** Rebuilds a replay from {@link #toBytes()}; the settings must be those it ran with. */
    public static ContextReplay fromBytes(byte[] bytes, ReplaySettings settings) {
        Snapshot s = ContextReplayCodec.read(bytes);
        ContextReplay r = new ContextReplay(s.ctx(), settings);
        r.kernelRelease = s.kernelRelease();
        r.judge = new CapabilityJudge(settings.profiles().forRelease(s.kernelRelease()));
        r.features = Set.copyOf(s.features());
        r.wpAsync = r.features.contains(Names.FEATURE_WP_ASYNC);
        r.highestSeq = s.highestSeq();
        r.closeSeq = s.closeSeq();
        s.ranges().forEach(r.registrations::add);
        s.faults().forEach(r.outstanding::add);
        return r;
    }
}
