package dev.uffdtrace.analyzer.trace;

/** A record that is not a valid event; the message names the field and what is wrong with it. */
public final class InvalidRecordException extends Exception {
    private static final long serialVersionUID = 1L;

    public InvalidRecordException(String message) {
        super(message, null, false, false);
    }
}
