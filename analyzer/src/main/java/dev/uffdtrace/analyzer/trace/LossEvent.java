package dev.uffdtrace.analyzer.trace;

/** The collector knows it dropped {@code dropped} events of this ctx, and says why. */
public record LossEvent(Envelope envelope, long dropped, String reason) implements TraceEvent {
    public LossEvent {
        Checks.nonNegative(dropped, "dropped");
        Checks.text(reason, "reason");
    }

    @Override
    public String type() {
        return "loss";
    }

    @Override
    public LossEvent withEnvelope(Envelope e) {
        return new LossEvent(e, dropped, reason);
    }
}
