/**
 * {@code uffdtrace observe}: follows unmodified userfaultfd handlers (QEMU, CRIU, Firecracker's)
 * from kernel tracepoints with a BPF program, and turns its ring-buffer records into trace format
 * v1 events. Classes named {@code Libbpf}, {@code BpfObject} and {@code RingBuffer} touch native code;
 * decoding and mapping are pure and tested from byte literals.
 */
package dev.uffdtrace.collector.observe;
