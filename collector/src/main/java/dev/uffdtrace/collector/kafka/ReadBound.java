package dev.uffdtrace.collector.kafka;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * One end of a bounded read: an offset (the same in every partition) or an instant (each
 * partition's first record whose timestamp is at or after it).
 *
 * @param offset the offset, or -1 when this is a time bound
 * @param time   the instant, or null when this is an offset bound
 */
public record ReadBound(long offset, Instant time) {
    public ReadBound {
        if (time == null && offset < 0) {
            throw new IllegalArgumentException("offset: must be >= 0, was " + offset);
        }
        if (time != null && offset != -1) {
            throw new IllegalArgumentException("offset: must be -1 with a time bound, was " + offset);
        }
    }

    public static ReadBound offset(long offset) {
        return new ReadBound(offset, null);
    }

    public static ReadBound time(Instant time) {
        if (time == null) {
            throw new IllegalArgumentException("time: must not be null");
        }
        return new ReadBound(-1, time);
    }

    /**
     * An offset ({@code 1200}) or an ISO-8601 instant with a zone ({@code 2026-11-28T14:00:00Z},
     * {@code 2026-11-28T15:00:00.5+01:00}), as given on the command line.
     */
    public static ReadBound parse(String text) {
        String t = text == null ? "" : text.trim();
        if (!t.isEmpty() && t.chars().allMatch(Character::isDigit)) {
            try {
                return offset(Long.parseLong(t));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("offset out of range: " + t, e);
            }
        }
        try {
            return time(OffsetDateTime.parse(t).toInstant());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("expected an offset or an ISO-8601 time with a zone "
                    + "(e.g. 2026-11-28T14:00:00Z), was '" + text + "'", e);
        }
    }

    public boolean isTime() {
        return time != null;
    }

    @Override
    public String toString() {
        return isTime() ? time.toString() : Long.toString(offset);
    }
}
