package dev.uffdtrace.analyzer.trace;

/** UFFDIO_UNREGISTER of {@code [start, start+len)}. */
public record UnregisterEvent(Envelope envelope, long start, long len, String result) implements TraceEvent {
    public UnregisterEvent {
        Checks.nonNegative(start, "start");
        Checks.nonNegative(len, "len");
        Checks.text(result, "result");
    }

    @Override
    public String type() {
        return "unregister";
    }

    public long end() {
        return start + len;
    }

    public boolean succeeded() {
        return Results.OK.equals(result);
    }

    @Override
    public UnregisterEvent withEnvelope(Envelope e) {
        return new UnregisterEvent(e, start, len, result);
    }
}
