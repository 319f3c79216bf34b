package dev.uffdtrace.collector.loop;

/**
 * What a loop did: page-fault messages read, faults served (by its own ioctl, an EEXIST, or
 * an earlier fault on the same page in the batch), faults it could not serve, other messages.
 */
public record LoopCounters(long faults, long served, long failed, long messages) {
}
