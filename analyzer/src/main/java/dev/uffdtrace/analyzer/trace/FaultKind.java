package dev.uffdtrace.analyzer.trace;

import java.util.List;

/** What a fault waits for, derived from its flags (MINOR wins over WP, WP over WRITE). */
public enum FaultKind {
    MINOR("minor"), WP("wp"), MISSING_WRITE("missing-write"), MISSING_READ("missing-read");

    private final String wireName;

    FaultKind(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static FaultKind of(List<String> flags) {
        if (flags.contains(FaultEvent.FLAG_MINOR)) {
            return MINOR;
        }
        if (flags.contains(FaultEvent.FLAG_WP)) {
            return WP;
        }
        return flags.contains(FaultEvent.FLAG_WRITE) ? MISSING_WRITE : MISSING_READ;
    }
}
