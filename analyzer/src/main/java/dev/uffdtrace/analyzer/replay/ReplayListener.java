package dev.uffdtrace.analyzer.replay;

import dev.uffdtrace.analyzer.rules.FindingSink;
import dev.uffdtrace.analyzer.stats.LatencySample;
import dev.uffdtrace.analyzer.trace.TraceEvent;

/** What a replay produces: findings, latency samples, and the counts of OUTPUTS.md. */
public interface ReplayListener extends FindingSink {
    void latency(LatencySample sample);

    /** A valid event was applied (counted as {@code events}). */
    default void applied(TraceEvent event) {
    }

    /** A repeated {@code seq}: dropped, counted as {@code duplicates}. */
    default void duplicate(TraceEvent event) {
    }

    /** An event with a {@code seq} above its ctx's {@code close}: invalid, a dead letter. */
    default void afterClose(TraceEvent event) {
    }

    /** Faults woken by {@code close}: in no latency group. */
    default void resolvedByClose(int faults) {
    }
}
