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
        if (holder == null) {
            new Judged(e, profile, sink).fire(Rule.FAULT_OUTSIDE_REGISTRATION, Severity.ERROR, null,
                    "fault at 0x" + Long.toHexString(e.addr()) + " is in no registration of this uffd");
            return;
        }
        boolean minor = e.flags().contains(FaultEvent.FLAG_MINOR);
        boolean wp = e.flags().contains(FaultEvent.FLAG_WP);
        boolean lacksMinor = minor && !holder.modes().contains(Names.MODE_MINOR);
        boolean lacksWp = wp && !holder.modes().contains(Names.MODE_WP);
        boolean lacksMissing = !minor && !wp && !holder.modes().contains(Names.MODE_MISSING);
        if (lacksMinor || lacksWp || lacksMissing) {
            List<String> lacking = new ArrayList<>(2);
            if (lacksMinor) {
                lacking.add(Names.MODE_MINOR);
            }
            if (lacksWp) {
                lacking.add(Names.MODE_WP);
            }
            if (lacksMissing) {
                lacking.add(Names.MODE_MISSING);
            }
            new Judged(e, profile, sink).fire(Rule.FAULT_MODE_MISMATCH, Severity.ERROR, holder.mem().wireName(),
                    e.kind().wireName() + " fault at 0x" + Long.toHexString(e.addr()) + " needs mode "
                            + String.join("|", lacking) + ", which its range lacks");
        }
    }
}
