/**
 * Event-sourced replay: per-ctx state (registrations, features, outstanding faults) rebuilt only
 * from events, producing findings and latency samples. No clock, no I/O, no logging.
 */
package dev.uffdtrace.analyzer.replay;
