package dev.uffdtrace.cli;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * A one-line progress bar on the terminal ({@code \r}-rewritten at most every 250 ms); silent when
 * the output is not a terminal, so scripts and tests see only the final summary.
 */
final class Progress {
    private static final long INTERVAL_NANOS = 250_000_000L;
    private final PrintWriter err;
    private final boolean enabled;
    private final String label;
    private final long start = System.nanoTime();
    private long last;

    Progress(PrintWriter err, String label) {
        this.err = err;
        this.label = label;
        this.enabled = System.console() != null && System.getenv("CI") == null;
    }

    void update(long done, long total, long events) {
        if (!enabled) {
            return;
        }
        long now = System.nanoTime();
        if (now - last < INTERVAL_NANOS) {
            return;
        }
        last = now;
        double secs = Math.max(1e-9, (now - start) / 1e9);
        int pct = total > 0 ? (int) Math.min(100, done * 100 / total) : 0;
        int filled = pct / 5;
        err.printf(Locale.ROOT, "\r%s [%s%s] %3d%%  %,d events  %,.0f ev/s ", label, "#".repeat(filled),
                ".".repeat(20 - filled), pct, events, events / secs);
        err.flush();
    }

    void done() {
        if (enabled) {
            err.print("\r" + " ".repeat(78) + "\r");
            err.flush();
        }
    }
}
