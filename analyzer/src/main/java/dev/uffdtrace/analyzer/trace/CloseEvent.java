package dev.uffdtrace.analyzer.trace;

/** The uffd was closed; the kernel wakes every waiting fault. */
public record CloseEvent(Envelope envelope) implements TraceEvent {
    public CloseEvent {
        if (envelope == null) {
            throw new IllegalArgumentException("envelope: required");
        }
    }

    @Override
    public String type() {
        return "close";
    }

    @Override
    public CloseEvent withEnvelope(Envelope e) {
        return new CloseEvent(e);
    }
}
