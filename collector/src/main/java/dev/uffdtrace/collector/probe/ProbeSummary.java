package dev.uffdtrace.collector.probe;

import java.util.List;
import java.util.Map;

/**
 * What a probe run covered: the memory kinds probed, those skipped with the reason, and how
 * many uffds (ctxs) the trace holds.
 */
public record ProbeSummary(List<String> probed, Map<String, String> skipped, int contexts) {
}
