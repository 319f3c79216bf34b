package dev.uffdtrace.collector.loop;

import java.time.Duration;

/**
 * How long the fault loop keeps reading the (non-blocking) uffd after it served a batch, before it
 * sleeps in poll(). A fault that arrives within that window is read by a running thread instead of
 * one that must first be woken: on a VM whose idle vCPUs halt at once (no guest halt-polling), that
 * wake-up goes through the host and is most of a fault's latency (BENCHMARKS-collector.md). The
 * price is CPU time: up to {@code nanos} of spinning after every batch, also after the last one.
 *
 * <p>Never spins when the process may run on one CPU only: there the spin takes the CPU from the
 * very thread whose next fault it waits for.
 *
 * @param nanos the spin window after each served batch; 0: always poll
 */
public record ReadSpin(long nanos) {
    /** Never spin: poll() between batches, as the C reference server does. */
    public static final ReadSpin OFF = new ReadSpin(0);
    /** The default window (chosen from measurements: BENCHMARKS-collector.md). */
    public static final Duration DEFAULT = Duration.ofNanos(50_000);

    public ReadSpin {
        if (nanos < 0) {
            throw new IllegalArgumentException("spin: must be >= 0, was " + nanos + " ns");
        }
    }

    /**
     * {@code requested}, or {@link #OFF} if this process may use only one CPU. HotSpot's
     * {@code availableProcessors()} is the CPU count of the process's affinity mask
     * (sched_getaffinity), lowered by a container's CPU quota if it has one.
     */
    public static ReadSpin forThisProcess(Duration requested) {
        return forCpus(requested, Runtime.getRuntime().availableProcessors());
    }

    static ReadSpin forCpus(Duration requested, int cpus) {
        return cpus < 2 ? OFF : new ReadSpin(requested.toNanos());
    }

    public boolean off() {
        return nanos == 0;
    }
}
