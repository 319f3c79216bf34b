package dev.uffdtrace.analyzer.rules;

import java.util.Comparator;

/**
 * One finding: a rule broken by one event. Flat and immutable so that engines can ship it
 * between processes; {@code evidenceJson} is the JSON of the event (plus, for a hole in
 * {@code seq}, the missing range).
 *
 * @param mem memory type concerned, or null where none applies (open, lost events)
 */
public record Finding(String rule, Severity severity, String ctx, long seq, long timeMicros, String profile,
                      String mem, String message, String evidenceJson) {
    public static final int VERSION = 1;

    /** The order of findings.jsonl: by ctx, then seq, then rule. */
    public static final Comparator<Finding> ORDER = Comparator.comparing(Finding::ctx)
            .thenComparingLong(Finding::seq)
            .thenComparing(Finding::rule);
}
