package dev.uffdtrace.cli;

/** The command could not run (unreadable input, unknown or invalid profile): exit 1, one line. */
public final class CannotRunException extends Exception {
    private static final long serialVersionUID = 1L;

    public CannotRunException(String message) {
        super(message);
    }

    public CannotRunException(String message, Throwable cause) {
        super(message, cause);
    }
}
