package dev.uffdtrace.analyzer.rules;

import dev.uffdtrace.analyzer.capability.CapabilityJudge;
import dev.uffdtrace.analyzer.capability.RegisterVerdict;
import dev.uffdtrace.analyzer.trace.Names;
import dev.uffdtrace.analyzer.trace.RegisterEvent;

/** REGISTER_MODE_UNSUPPORTED and drift for a {@code register}; inherited copies are not judged. */
public final class RegisterRules {
    private RegisterRules() {
    }

    public static void check(RegisterEvent e, boolean wpAsync, CapabilityJudge judge, FindingSink sink) {
        if (e.inherited()) {
            return;
        }
        Judged j = new Judged(e, judge.profile().name(), sink);
        RegisterVerdict v = judge.judgeRegister(e.mem(), e.modes(), wpAsync);
        String mem = e.mem().wireName();
        if (v.contractViolated()) {
            Severity s = v.kernelAccepts() ? Severity.WARNING : Severity.ERROR;
            j.fire(Rule.REGISTER_MODE_UNSUPPORTED, s, mem, "register mode " + String.join("|", e.modes())
                    + " is not supported on " + mem + " memory" + (wpAsync ? " (WP_ASYNC in effect)" : ""));
        }
        if (!v.namesUnknown()) {
            boolean rejected = judge.profile().isRejection(Names.REGISTER, e.mem(), e.result());
            j.drift(v.kernelAccepts(), e.succeeded(), rejected, mem,
                    "UFFDIO_REGISTER " + String.join("|", e.modes()) + " on " + mem, e.result());
        }
    }
}
