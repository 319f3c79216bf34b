/**
 * Capability profiles: what each memory type supports under the vm_uffd_ops-shaped contract,
 * and what one kernel (or proposal) actually accepts, loaded from versioned JSON and validated.
 */
package dev.uffdtrace.analyzer.capability;
