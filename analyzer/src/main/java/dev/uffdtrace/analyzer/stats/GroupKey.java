package dev.uffdtrace.analyzer.stats;

import java.util.Comparator;

/** A latency group: the registration's memory type, the fault kind and the op that woke it. */
public record GroupKey(String mem, String fault, String op) implements Comparable<GroupKey> {
    private static final Comparator<GroupKey> ORDER = Comparator.comparing(GroupKey::mem)
            .thenComparing(GroupKey::fault).thenComparing(GroupKey::op);

    @Override
    public int compareTo(GroupKey o) {
        return ORDER.compare(this, o);
    }
}
