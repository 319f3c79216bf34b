package dev.uffdtrace.collector.workload;

import dev.uffdtrace.collector.loop.ReadSpin;
import java.time.Duration;

/**
 * @param pages    pages of the registered region (per round)
 * @param threads  faulting threads
 * @param duration keep repeating rounds until this much time has passed (zero: one round)
 * @param warmup   rounds run for this long first and are left out of the result (JIT warm-up)
 * @param spin     the fault loop's spin window after each batch ({@link ReadSpin}; kept only when the
 *                 process may use several CPUs)
 */
public record WorkloadParams(int pages, int threads, Duration duration, Duration warmup, Duration spin) {
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
        if (spin == null || spin.isNegative()) {
            throw new IllegalArgumentException("spin: must be >= 0");
        }
    }

    /** With the default spin window. */
    public WorkloadParams(int pages, int threads, Duration duration, Duration warmup) {
        this(pages, threads, duration, warmup, ReadSpin.DEFAULT);
    }

    /** Without a warm-up: every round is measured. */
    public WorkloadParams(int pages, int threads, Duration duration) {
        this(pages, threads, duration, Duration.ZERO);
    }

    public static WorkloadParams of(int pages, int threads) {
        return new WorkloadParams(pages, threads, Duration.ZERO);
    }
}
