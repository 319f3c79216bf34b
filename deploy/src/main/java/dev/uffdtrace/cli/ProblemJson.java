package dev.uffdtrace.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.uffdtrace.analyzer.capability.ProfileProblem;

/** A PROFILE_INVALID finding as one JSON line. */
final class ProblemJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ProblemJson() {
    }

    static String encode(ProfileProblem p) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("rule", ProfileProblem.RULE);
        o.put("severity", ProfileProblem.SEVERITY);
        o.put("profile", p.profile());
        if (p.mem() == null) {
            o.putNull("mem");
        } else {
            o.put("mem", p.mem());
        }
        o.put("message", p.message());
        return o.toString();
    }
}
