package dev.uffdtrace.collector.loop;

import java.time.Clock;
import java.time.Instant;

/** Wall-clock microseconds since the epoch (the trace's {@code time_us}). */
final class WallClock {
    private static final Clock CLOCK = Clock.systemUTC();

    private WallClock() {
    }

    static long micros() {
        Instant now = CLOCK.instant();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }
}
