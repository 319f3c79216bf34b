package dev.uffdtrace.analyzer.trace;

import java.util.List;

/**
 * A range ioctl (COPY, ZEROPAGE, WRITEPROTECT, CONTINUE, POISON, MOVE, WAKE).
 * {@code bytes} is what the kernel wrote back as done (null: all of len when ok);
 * {@code src} and {@code durNanos} are optional.
 */
public record IoctlEvent(Envelope envelope, String op, long start, long len, List<String> mode, String result,
                         Long src, Long bytes, Long durNanos) implements TraceEvent {
    public static final String MODE_DONTWAKE = "DONTWAKE";
    public static final String MODE_WP = "WP";

    public IoctlEvent {
        Checks.text(op, "op");
        Checks.nonNegative(start, "start");
        Checks.nonNegative(len, "len");
        mode = Checks.names(mode, "mode");
        Checks.text(result, "result");
    }

    @Override
    public String type() {
        return "ioctl";
    }

    public long end() {
        return start + len;
    }

    public boolean succeeded() {
        return Results.OK.equals(result);
    }

    public boolean hasMode(String flag) {
        return mode.contains(flag);
    }

    @Override
    public IoctlEvent withEnvelope(Envelope e) {
        return new IoctlEvent(e, op, start, len, mode, result, src, bytes, durNanos);
    }
}
