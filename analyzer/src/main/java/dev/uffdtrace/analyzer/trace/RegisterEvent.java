package dev.uffdtrace.analyzer.trace;

import java.util.List;

/** A UFFDIO_REGISTER attempt, successful or not; {@code inherited} marks a fork child's copy. */
public record RegisterEvent(Envelope envelope, long start, long len, MemType mem, long pageSize,
                            List<String> modes, String result, List<String> ioctls, String region,
                            boolean inherited) implements TraceEvent {

    public RegisterEvent {
        Checks.nonNegative(start, "start");
        Checks.nonNegative(len, "len");
        if (mem == null) {
            throw new IllegalArgumentException("mem: required");
        }
        if (pageSize <= 0) {
            throw new IllegalArgumentException("page_size: must be > 0, was " + pageSize);
        }
        modes = Checks.names(modes, "modes");
        Checks.text(result, "result");
        ioctls = Checks.names(ioctls, "ioctls");
    }

    @Override
    public String type() {
        return "register";
    }

    public long end() {
        return start + len;
    }

    public boolean succeeded() {
        return Results.OK.equals(result);
    }

    @Override
    public RegisterEvent withEnvelope(Envelope e) {
        return new RegisterEvent(e, start, len, mem, pageSize, modes, result, ioctls, region, inherited);
    }
}
