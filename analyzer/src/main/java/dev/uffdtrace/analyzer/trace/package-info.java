/**
 * The trace format, version 1: one immutable record per event type, the names of the
 * userfaultfd interface, and the JSON Lines codec with its dead-letter handling.
 */
package dev.uffdtrace.analyzer.trace;
