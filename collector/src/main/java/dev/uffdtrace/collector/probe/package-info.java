/**
 * The capability probe: every memory type the machine offers, under three feature sets and the
 * seven register mode sets, each range ioctl on a freshly registered range, and real faults,
 * all recorded as a trace with the kernel's own answers.
 */
package dev.uffdtrace.collector.probe;
