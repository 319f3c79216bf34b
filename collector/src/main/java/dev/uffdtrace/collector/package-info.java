/** The native userfaultfd collector: bindings, the fault loop, workloads, the kernel probe, publishers. */
package dev.uffdtrace.collector;
