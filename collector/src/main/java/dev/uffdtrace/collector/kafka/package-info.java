/**
 * Kafka adapters of the trace format: a publisher (one record per event, keyed by ctx), a bounded
 * reader for offline replay, and an in-process single-node broker for {@code uffdtrace run} and tests.
 */
package dev.uffdtrace.collector.kafka;
