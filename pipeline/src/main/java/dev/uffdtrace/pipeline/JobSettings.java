package dev.uffdtrace.pipeline;

import dev.uffdtrace.analyzer.replay.ReplaySettings;
import dev.uffdtrace.analyzer.rules.Severity;
import java.io.Serializable;
import java.time.Duration;

/**
 * Tunables of the streaming job.
 *
 * @param replay         profiles and the stuck threshold
 * @param window         size of the tumbling latency windows
 * @param outOfOrderness how late (by {@code time_us}) an event may arrive and still count in time
 * @param idleness       after how long without events a source split stops holding the watermark back
 * @param alertWindow    the window within which alerts of one (ctx, rule, mem, op) are deduplicated
 * @param alertSeverity  the least severity that is alerted
 * @param retainClosed   how long (event time) a closed ctx's state stays, to spot events after its close
 */
public record JobSettings(ReplaySettings replay, Duration window, Duration outOfOrderness, Duration idleness,
                          Duration alertWindow, Severity alertSeverity, Duration retainClosed) implements Serializable {
    public JobSettings {
        if (replay == null) {
            throw new IllegalArgumentException("replay: required");
        }
        positive(window, "window");
        if (outOfOrderness == null || outOfOrderness.isNegative()) {
            throw new IllegalArgumentException("outOfOrderness: must be >= 0, was " + outOfOrderness);
        }
        positive(idleness, "idleness");
        positive(alertWindow, "alertWindow");
        if (alertSeverity == null) {
            throw new IllegalArgumentException("alertSeverity: required");
        }
        positive(retainClosed, "retainClosed");
    }

    public static JobSettings defaults(ReplaySettings replay) {
        return new JobSettings(replay, Duration.ofSeconds(10), Duration.ofSeconds(1), Duration.ofSeconds(5),
                Duration.ofSeconds(10), Severity.ERROR, Duration.ofMinutes(1));
    }

    public JobSettings withWindow(Duration w) {
        return new JobSettings(replay, w, outOfOrderness, idleness, w, alertSeverity, retainClosed);
    }

    static long micros(Duration d) {
        return d.toNanos() / 1000;
    }

    private static void positive(Duration d, String name) {
        if (d == null || d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(name + ": must be > 0, was " + d);
        }
    }
}
