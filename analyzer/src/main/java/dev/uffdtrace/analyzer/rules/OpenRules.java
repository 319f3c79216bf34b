package dev.uffdtrace.analyzer.rules;

import dev.uffdtrace.analyzer.capability.CapabilityJudge;
import dev.uffdtrace.analyzer.trace.OpenEvent;
import dev.uffdtrace.analyzer.trace.Results;
import java.util.List;

/** API_FEATURE_UNSUPPORTED and drift for an {@code open}: rejected exactly when a feature is missing. */
public final class OpenRules {
    private OpenRules() {
    }

    public static void check(OpenEvent e, CapabilityJudge judge, FindingSink sink) {
        Judged j = new Judged(e, judge.profile().name(), sink);
        List<String> missing = judge.missingFeatures(e.requested());
        boolean predictedAccept = missing.isEmpty();
        if (!predictedAccept) {
            j.fire(Rule.API_FEATURE_UNSUPPORTED, Severity.ERROR, null, "UFFDIO_API requests "
                    + String.join(", ", missing) + ", which " + judge.profile().name() + " does not have");
        }
        j.drift(predictedAccept, e.succeeded(), Results.EINVAL.equals(e.result()), null, "UFFDIO_API", e.result());
    }
}
