package dev.uffdtrace.collector.workload;

import dev.uffdtrace.collector.loop.HostIdentity;
import dev.uffdtrace.collector.publish.EventOutbox;

/** What a workload runs with: who collects, where events go, how big and how long. */
public record WorkloadEnv(HostIdentity host, EventOutbox outbox, WorkloadParams params) {
}
