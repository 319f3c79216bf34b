package dev.uffdtrace.analyzer.trace;

/** Receives what a trace reader reads: valid events in order, and dead letters. */
public interface TraceSink {
    /** Where the next event comes from: called before {@link #event} by readers that know. */
    default void position(String source, long line) {
    }

    void event(TraceEvent event);

    void deadLetter(DeadLetter deadLetter);
}
