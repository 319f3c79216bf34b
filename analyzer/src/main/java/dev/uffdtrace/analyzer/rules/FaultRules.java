package dev.uffdtrace.analyzer.rules;

import dev.uffdtrace.analyzer.state.RegisteredRange;
import dev.uffdtrace.analyzer.trace.FaultEvent;
import dev.uffdtrace.analyzer.trace.Names;
import java.util.ArrayList;
import java.util.List;

/** FAULT_OUTSIDE_REGISTRATION and FAULT_MODE_MISMATCH for a {@code fault}. */
public final class FaultRules {
    private FaultRules() {
    }

    /** @param holder the registration holding the fault's address when it happened, or null */
    public static void check(FaultEvent e, RegisteredRange holder, String profile, FindingSink sink) {
        Judged j = new Judged(e, profile, sink);
        if (holder == null) {
            j.fire(Rule.FAULT_OUTSIDE_REGISTRATION, Severity.ERROR, null,
                    "fault at 0x" + Long.toHexString(e.addr()) + " is in no registration of this uffd");
            return;
        }
        List<String> lacking = new ArrayList<>(1);
        boolean minor = e.flags().contains(FaultEvent.FLAG_MINOR);
        boolean wp = e.flags().contains(FaultEvent.FLAG_WP);
        if (minor && !holder.modes().contains(Names.MODE_MINOR)) {
            lacking.add(Names.MODE_MINOR);
        }
        if (wp && !holder.modes().contains(Names.MODE_WP)) {
            lacking.add(Names.MODE_WP);
        }
        if (!minor && !wp && !holder.modes().contains(Names.MODE_MISSING)) {
            lacking.add(Names.MODE_MISSING);
        }
        if (!lacking.isEmpty()) {
            j.fire(Rule.FAULT_MODE_MISMATCH, Severity.ERROR, holder.mem().wireName(),
                    e.kind().wireName() + " fault at 0x" + Long.toHexString(e.addr()) + " needs mode "
                            + String.join("|", lacking) + ", which its range lacks");
        }
    }
}
