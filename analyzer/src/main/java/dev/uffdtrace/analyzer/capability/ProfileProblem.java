package dev.uffdtrace.analyzer.capability;

/**
 * One broken invariant of a profile: a {@code PROFILE_INVALID} finding.
 *
 * @param mem the memory type concerned, or null for the profile as a whole
 */
public record ProfileProblem(String profile, String mem, String message) {
    public static final String RULE = "PROFILE_INVALID";
    public static final String SEVERITY = "error";
}
