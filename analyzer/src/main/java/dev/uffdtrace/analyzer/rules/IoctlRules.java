package dev.uffdtrace.analyzer.rules;

import dev.uffdtrace.analyzer.capability.CapabilityJudge;
import dev.uffdtrace.analyzer.capability.IoctlVerdict;
import dev.uffdtrace.analyzer.state.RegisteredRange;
import dev.uffdtrace.analyzer.state.Registrations;
import dev.uffdtrace.analyzer.trace.IoctlEvent;
import dev.uffdtrace.analyzer.trace.MemType;
import dev.uffdtrace.analyzer.trace.Names;
import dev.uffdtrace.analyzer.trace.Results;
import java.util.List;

/**
 * IOCTL_UNSUPPORTED, IOCTL_MODE_MISMATCH, IOCTL_OUTSIDE_REGISTRATION and drift for a range
 * ioctl. A range over registrations of several memory types is judged against each; each rule
 * fires once, naming the first memory type that broke it. WAKE is exempt from all but drift.
 */
public final class IoctlRules {
    private IoctlRules() {
    }

    public static void check(IoctlEvent e, Registrations regs, boolean wpAsync, CapabilityJudge judge,
                             FindingSink sink) {
        Judged j = new Judged(e, judge.profile().name(), sink);
        String op = e.op();
        if (Names.WAKE.equals(op)) {
            j.drift(true, e.succeeded(), Results.EINVAL.equals(e.result()), null, "UFFDIO_WAKE", e.result());
            return;
        }
        List<RegisteredRange> over = regs.overlapping(e.start(), e.end());
        boolean covered = Registrations.coversWith(over, e.start(), e.end());
        String unsupportedMem = null;
        String mismatchMem = null;
        String lacking = null;
        boolean unsupported = false;
        boolean mismatch = false;
        boolean accepts = covered;
        boolean unknown = false;
        boolean rejected = false;
        if (over.isEmpty()) {
            // no memory type to judge: only what the kernel lacks altogether
            unknown = !judge.profile().knowsIoctl(op);
            unsupported = unknown || !judge.profile().ioctls().contains(op) || !flagsKnownToKernel(e, judge);
            rejected = judge.profile().isRejection(op, MemType.OTHER, e.result());
        }
        for (RegisteredRange r : over) {
            IoctlVerdict v = judge.judgeIoctl(op, e.mode(), r.mem(), r.modes(), wpAsync);
            if (v.unsupported() && !unsupported) {
                unsupported = true;
                unsupportedMem = r.mem().wireName();
            }
            if (v.modeMismatch() && !mismatch) {
                mismatch = true;
                mismatchMem = r.mem().wireName();
                lacking = lackingModes(e, r);
            }
            accepts &= v.kernelAccepts();
            unknown |= v.opUnknown();
            rejected |= judge.profile().isRejection(op, r.mem(), e.result());
        }
        if (unknown) {
            accepts = covered; // an unknown op gets the verdict of its known parts: the range
        }
        String firstMem = over.isEmpty() ? null : over.get(0).mem().wireName();
        Severity s = accepts ? Severity.WARNING : Severity.ERROR;
        if (unsupported) {
            j.fire(Rule.IOCTL_UNSUPPORTED, s, unsupportedMem, describe(e) + " is not supported"
                    + (unsupportedMem == null ? "" : " on " + unsupportedMem + " memory") + " by " + judge.profile().name());
        }
        if (mismatch) {
            j.fire(Rule.IOCTL_MODE_MISMATCH, s, mismatchMem, describe(e) + " needs " + lacking
                    + ", which the " + mismatchMem + " range was not registered with");
        }
        if (!covered) {
            j.fire(Rule.IOCTL_OUTSIDE_REGISTRATION, Severity.ERROR, firstMem, describe(e) + " range [0x"
                    + Long.toHexString(e.start()) + ", 0x" + Long.toHexString(e.end()) + ") is not wholly registered");
        }
        // the message is built only for a drift: this runs for every ioctl, and drifts are rare
        if (!unknown && Judged.drifts(accepts, e.succeeded(), rejected)) {
            String where = " on " + (firstMem == null ? "an unregistered range" : firstMem + " memory");
            j.drift(accepts, e.succeeded(), rejected, firstMem, describe(e) + where, e.result());
        }
    }

    private static boolean flagsKnownToKernel(IoctlEvent e, CapabilityJudge judge) {
        java.util.Set<String> flags = judge.profile().ioctlFlags().getOrDefault(e.op(), java.util.Set.of());
        for (String f : e.mode()) {
            if ((IoctlEvent.MODE_DONTWAKE.equals(f) || IoctlEvent.MODE_WP.equals(f)) && !flags.contains(f)) {
                return false;
            }
        }
        return true;
    }

    private static String lackingModes(IoctlEvent e, RegisteredRange r) {
        List<String> out = new java.util.ArrayList<>(2);
        if (Names.CONTINUE.equals(e.op()) && !r.modes().contains(Names.MODE_MINOR)) {
            out.add(Names.MODE_MINOR);
        }
        boolean needsWp = Names.WRITEPROTECT.equals(e.op()) || e.hasMode(IoctlEvent.MODE_WP);
        if (needsWp && !r.modes().contains(Names.MODE_WP)) {
            out.add(Names.MODE_WP);
        }
        return String.join(" and ", out);
    }

    private static String describe(IoctlEvent e) {
        return e.mode().isEmpty() ? e.op() : e.op() + "(" + String.join("|", e.mode()) + ")";
    }
}
