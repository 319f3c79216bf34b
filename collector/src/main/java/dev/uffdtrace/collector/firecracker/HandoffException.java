package dev.uffdtrace.collector.firecracker;

/** A VMM's handoff was refused: the message says why in one line. */
public final class HandoffException extends Exception {
    private static final long serialVersionUID = 1L;

    public HandoffException(String message) {
        super(message);
    }

    public HandoffException(String message, Throwable cause) {
        super(message, cause);
    }
}
