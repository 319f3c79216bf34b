/**
 * A Firecracker-compatible page-fault handler: takes the uffd a VMM hands over on a Unix socket
 * (regions as JSON, the fd as SCM_RIGHTS), serves its faults from the snapshot memory file, and
 * records the whole exchange as a uffd trace.
 */
package dev.uffdtrace.collector.firecracker;
