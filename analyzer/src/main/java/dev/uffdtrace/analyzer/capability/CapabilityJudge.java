package dev.uffdtrace.analyzer.capability;

import dev.uffdtrace.analyzer.trace.IoctlEvent;
import dev.uffdtrace.analyzer.trace.MemType;
import dev.uffdtrace.analyzer.trace.Names;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * Judges calls against one profile: what the contract allows, and what the profile's kernel
 * accepts. Pure functions of the profile and the call (memoised per instance, so an instance is
 * not thread-safe: each replayed ctx has its own); the replay supplies the state
 * (features in effect, the registration a range falls in).
 */
public final class CapabilityJudge {
    private final CapabilityProfile profile;
    /** The declarations per concrete type, derived once (the core rules build new sets). */
    private final java.util.EnumMap<MemType, Declaration> contract = new java.util.EnumMap<>(MemType.class);
    private final java.util.EnumMap<MemType, Declaration> kernel = new java.util.EnumMap<>(MemType.class);

    public CapabilityJudge(CapabilityProfile profile) {
        this.profile = profile;
        for (MemType m : MemType.values()) {
            contract.put(m, profile.contractFor(m));
            kernel.put(m, profile.kernelFor(m));
        }
    }

    public CapabilityProfile profile() {
        return profile;
    }

    /** The features of {@code requested} that this profile's kernel lacks (unknown ones included). */
    public List<String> missingFeatures(Collection<String> requested) {
        return requested.stream().filter(f -> !profile.hasFeature(f)).distinct().toList();
    }

    /** UFFDIO_REGISTER of {@code modes} on {@code mem}, with or without WP_ASYNC in effect. */
    public RegisterVerdict judgeRegister(MemType mem, Collection<String> modes, boolean wpAsync) {
        if (modes.isEmpty()) {
            return new RegisterVerdict(false, false, false); // rejected, but breaks no rule
        }
        boolean unknown = false;
        boolean contractOk = true;
        boolean kernelOk = true;
        boolean wpOnly = modes.size() == 1 && modes.contains(Names.MODE_WP);
        Declaration contract = this.contract.get(mem);
        Declaration kernel = this.kernel.get(mem);
        for (String mode : modes) {
            if (!profile.knowsMode(mode)) {
                unknown = true;
                contractOk = false;
                continue;
            }
            boolean viaAsync = wpAsync && wpOnly && mem != MemType.DROPPABLE;
            contractOk &= viaAsync || contract.modes().contains(mode);
            kernelOk &= profile.modes().contains(mode) && (viaAsync || kernel.modes().contains(mode));
        }
        return new RegisterVerdict(!contractOk, kernelOk, unknown);
    }

    /**
     * A range ioctl on one registered range of type {@code mem} with modes {@code rangeModes}.
     * WAKE is always clean; an op nobody knows is unsupported with the verdict "accepts".
     */
    public IoctlVerdict judgeIoctl(String op, List<String> flags, MemType mem, Set<String> rangeModes,
                                   boolean wpAsync) {
        if (!flags.isEmpty()) {
            return judgeIoctlUncached(op, flags, mem, rangeModes, wpAsync);
        }
        // Without flags the verdict depends on (op, mem, range modes, WP_ASYNC) only, and a ctx
        // repeats a handful of such calls: remember recent verdicts by the identity of op and
        // modes (the decoder's cached op strings, a range's immutable mode set). An equal but
        // not identical argument only misses the memo.
        for (int i = 0; i < MEMO; i++) {
            if (memoOp[i] == op && memoModes[i] == rangeModes && memoMem[i] == mem && memoWpAsync[i] == wpAsync
                    && memoVerdict[i] != null) {
                return memoVerdict[i];
            }
        }
        IoctlVerdict v = judgeIoctlUncached(op, flags, mem, rangeModes, wpAsync);
        int i = memoNext;
        memoNext = (i + 1) % MEMO;
        memoOp[i] = op;
        memoModes[i] = rangeModes;
        memoMem[i] = mem;
        memoWpAsync[i] = wpAsync;
        memoVerdict[i] = v;
        return v;
    }

    private static final int MEMO = 8;
    private final String[] memoOp = new String[MEMO];
    private final Set<?>[] memoModes = new Set<?>[MEMO];
    private final MemType[] memoMem = new MemType[MEMO];
    private final boolean[] memoWpAsync = new boolean[MEMO];
    private final IoctlVerdict[] memoVerdict = new IoctlVerdict[MEMO];
    private int memoNext;

    private IoctlVerdict judgeIoctlUncached(String op, List<String> flags, MemType mem, Set<String> rangeModes,
                                            boolean wpAsync) {
        if (Names.WAKE.equals(op)) {
            return IoctlVerdict.CLEAN;
        }
        if (!profile.knowsIoctl(op)) {
            return new IoctlVerdict(true, false, true, true);
        }
        boolean kernelHasOp = profile.ioctls().contains(op);
        Set<String> kernelFlags = profile.ioctlFlags().getOrDefault(op, Set.of());
        boolean flagsOk = true;
        for (String f : flags) {
            if (isKnownFlag(f) && !kernelFlags.contains(f)) {
                flagsOk = false;
            }
        }
        boolean asyncWp = wpAsync && Names.WRITEPROTECT.equals(op) && mem != MemType.DROPPABLE
                && rangeModes.size() == 1 && rangeModes.contains(Names.MODE_WP);
        boolean contractHas = asyncWp || contract.get(mem).ioctls().contains(op);
        boolean kernelSupports = asyncWp || kernel.get(mem).ioctls().contains(op);

        boolean needsWp = Names.WRITEPROTECT.equals(op)
                || ((Names.COPY.equals(op) || Names.CONTINUE.equals(op)) && flags.contains(IoctlEvent.MODE_WP));
        boolean wpMissing = needsWp && !rangeModes.contains(Names.MODE_WP);
        boolean minorMissing = Names.CONTINUE.equals(op) && !rangeModes.contains(Names.MODE_MINOR);

        boolean unsupported = !kernelHasOp || !flagsOk || !contractHas;
        boolean mismatch = wpMissing || minorMissing;
        boolean accepts = kernelHasOp && flagsOk && kernelSupports && !wpMissing
                && !(minorMissing && profile.continueRequiresMinor());
        return new IoctlVerdict(unsupported, mismatch, accepts, false);
    }

    private static boolean isKnownFlag(String flag) {
        return IoctlEvent.MODE_DONTWAKE.equals(flag) || IoctlEvent.MODE_WP.equals(flag);
    }
}
