package dev.uffdtrace.analyzer.replay;

import dev.uffdtrace.analyzer.rules.Finding;
import dev.uffdtrace.analyzer.stats.LatencyStats;
import java.util.List;

/** Everything a bounded replay produces, ready for the files of OUTPUTS.md. */
public record ReplayResult(String profile, long events, long contexts, long invalid, long duplicates,
                           long resolvedByClose, long outstanding, List<Finding> findings, LatencyStats latency) {
}
