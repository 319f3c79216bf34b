package dev.uffdtrace.collector.observe;

/** Observing cannot start or go on; the message is one line saying what is missing or failed. */
public final class ObserveException extends Exception {
    public ObserveException(String message) {
        super(message);
    }

    public ObserveException(String message, Throwable cause) {
        super(message, cause);
    }
}
