package dev.uffdtrace.analyzer.replay;

import java.io.Serializable;

/**
 * Tunables of a replay.
 *
 * @param stuckThresholdMicros FAULT_STUCK fires when a fault waits strictly longer than this
 */
public record ReplaySettings(ProfileChoice profiles, long stuckThresholdMicros) implements Serializable {
    public static final long DEFAULT_STUCK_MICROS = 1_000_000L;

    public ReplaySettings {
        if (profiles == null) {
            throw new IllegalArgumentException("profiles: required");
        }
        if (stuckThresholdMicros < 0) {
            throw new IllegalArgumentException("stuckThresholdMicros: must be >= 0, was " + stuckThresholdMicros);
        }
    }

    public static ReplaySettings defaults() {
        return new ReplaySettings(ProfileChoice.auto(), DEFAULT_STUCK_MICROS);
    }
}
