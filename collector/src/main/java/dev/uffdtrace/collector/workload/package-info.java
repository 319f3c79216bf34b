/**
 * Named workloads that make a real kernel fault under a uffd and record it: one class per
 * workload, each a scenario of ref-handler.c or of the capability matrix's corner cases.
 */
package dev.uffdtrace.collector.workload;
