package dev.uffdtrace.collector.workload;

import java.time.Duration;

/**
 * @param pages    pages of the registered region (per round)
 * @param threads  faulting threads
 * @param duration keep repeating rounds until this much time has passed (zero: one round)
 * @param warmup   rounds run for this long first and are left out of the result (JIT warm-up)
 */
public record WorkloadParams(int pages, int threads, Duration duration, Duration warmup) {
    public WorkloadParams {
        if (pages < 1) {
            throw new IllegalArgumentException("pages: must be >= 1, was " + pages);
        }
        if (threads < 1 || threads > 1024) {
            throw new IllegalArgumentException("threads: must be in 1..1024, was " + threads);
        }
        if (duration == null || duration.isNegative()) {
            throw new IllegalArgumentException("duration: must be >= 0");
        }
        if (warmup == null || warmup.isNegative()) {
            throw new IllegalArgumentException("warmup: must be >= 0");
        }
    }

    /** Without a warm-up: every round is measured. */
    public WorkloadParams(int pages, int threads, Duration duration) {
        this(pages, threads, duration, Duration.ZERO);
    }

    public static WorkloadParams of(int pages, int threads) {
        return new WorkloadParams(pages, threads, Duration.ZERO);
    }
}
