/**
 * The pieces of one ctx's replayed state: its registrations as an interval map and its
 * outstanding faults indexed by page and by time.
 */
package dev.uffdtrace.analyzer.state;
