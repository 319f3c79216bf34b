package dev.uffdtrace.cli;

/** Exit status of OUTPUTS.md: 0 ran, 1 could not run, 2 bad usage. */
public final class ExitCodes {
    public static final int OK = 0;
    public static final int CANNOT_RUN = 1;
    public static final int USAGE = 2;

    private ExitCodes() {
    }
}
