/**
 * Fault-latency statistics on HdrHistogram, grouped by (memory type, fault kind, waking op),
 * with the nearest-rank percentiles of OUTPUTS.md; histograms merge exactly.
 */
package dev.uffdtrace.analyzer.stats;
