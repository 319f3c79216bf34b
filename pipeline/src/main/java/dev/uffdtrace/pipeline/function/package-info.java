/**
 * Thin Flink adapters over the analyzer: validation with dead letters, the keyed per-ctx replay with
 * its stuck timers, latency windows, alert deduplication and finding metrics.
 */
package dev.uffdtrace.pipeline.function;
