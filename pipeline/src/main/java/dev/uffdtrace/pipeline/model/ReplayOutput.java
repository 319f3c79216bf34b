package dev.uffdtrace.pipeline.model;

/**
 * What a bounded replay sends back to the client, on one stream: exactly one of the fields is set.
 */
public class ReplayOutput {
    public FindingRecord finding;
    public DeadLetterRecord deadLetter;
    public ContextSummary summary;
    public GroupHistogram latency;

    public ReplayOutput() {
    }

    public static ReplayOutput of(FindingRecord f) {
        ReplayOutput o = new ReplayOutput();
        o.finding = f;
        return o;
    }

    public static ReplayOutput of(DeadLetterRecord d) {
        ReplayOutput o = new ReplayOutput();
        o.deadLetter = d;
        return o;
    }

    public static ReplayOutput of(ContextSummary s) {
        ReplayOutput o = new ReplayOutput();
        o.summary = s;
        return o;
    }

    public static ReplayOutput of(GroupHistogram h) {
        ReplayOutput o = new ReplayOutput();
        o.latency = h;
        return o;
    }
}
