package dev.uffdtrace.analyzer.trace;

import java.util.List;

/**
 * The uffd was created and UFFDIO_API answered. The features in effect are {@code requested}
 * (when {@code result} is ok); {@code features} is the kernel's whole supported set.
 */
public record OpenEvent(Envelope envelope, String host, long pid, String kernel, String via, String parent,
                        List<String> requested, String result, List<String> features, List<String> ioctls)
        implements TraceEvent {

    public static final String VIA_SYSCALL = "syscall";
    public static final String VIA_DEV = "dev";
    public static final String VIA_HANDOFF = "handoff";
    public static final String VIA_FORK = "fork";

    public OpenEvent {
        Checks.text(host, "host");
        Checks.text(kernel, "kernel");
        Checks.text(via, "via");
        Checks.text(result, "result");
        if (VIA_FORK.equals(via) && parent == null) {
            throw new IllegalArgumentException("parent: required when via is fork");
        }
        requested = Checks.names(requested, "requested");
        features = Checks.names(features, "features");
        ioctls = Checks.names(ioctls, "ioctls");
    }

    @Override
    public String type() {
        return "open";
    }

    public boolean succeeded() {
        return Results.OK.equals(result);
    }

    @Override
    public OpenEvent withEnvelope(Envelope e) {
        return new OpenEvent(e, host, pid, kernel, via, parent, requested, result, features, ioctls);
    }
}
