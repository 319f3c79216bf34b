package dev.uffdtrace.analyzer.trace;

/**
 * A non-pagefault uffd message (wire type {@code event}): FORK names the child's ctx,
 * REMAP moves {@code [from, from+len)} to {@code to}, REMOVE and UNMAP cover {@code [start, end)}.
 * Fields that a kind does not use are null; an unknown kind carries no fields and changes no state.
 */
public record UffdMessageEvent(Envelope envelope, String kind, String child, Long from, Long to, Long len,
                               Long start, Long end) implements TraceEvent {
    public static final String FORK = "FORK";
    public static final String REMAP = "REMAP";
    public static final String REMOVE = "REMOVE";
    public static final String UNMAP = "UNMAP";

    public UffdMessageEvent {
        Checks.text(kind, "kind");
        switch (kind) {
            case FORK -> Checks.text(child, "child");
            case REMAP -> {
                require(from, "from");
                require(to, "to");
                require(len, "len");
            }
            case REMOVE, UNMAP -> {
                require(start, "start");
                require(end, "end");
                if (end < start) {
                    throw new IllegalArgumentException("end: must be >= start");
                }
            }
            default -> {
                // a newer kernel's event kind: valid, and it changes no state
            }
        }
    }

    private static void require(Long value, String field) {
        if (value == null) {
            throw new IllegalArgumentException(field + ": required");
        }
        Checks.nonNegative(value, field);
    }

    public static UffdMessageEvent fork(Envelope e, String child) {
        return new UffdMessageEvent(e, FORK, child, null, null, null, null, null);
    }

    public static UffdMessageEvent remap(Envelope e, long from, long to, long len) {
        return new UffdMessageEvent(e, REMAP, null, from, to, len, null, null);
    }

    public static UffdMessageEvent range(Envelope e, String kind, long start, long end) {
        return new UffdMessageEvent(e, kind, null, null, null, null, start, end);
    }

    @Override
    public String type() {
        return "event";
    }

    @Override
    public UffdMessageEvent withEnvelope(Envelope e) {
        return new UffdMessageEvent(e, kind, child, from, to, len, start, end);
    }
}
