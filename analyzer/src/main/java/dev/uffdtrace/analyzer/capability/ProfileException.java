package dev.uffdtrace.analyzer.capability;

import java.util.List;

/** A profile that cannot be used: unknown, unreadable, or breaking the vm_uffd_ops invariants. */
public final class ProfileException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient List<ProfileProblem> problems;

    public ProfileException(String message) {
        this(message, List.of());
    }

    public ProfileException(String message, List<ProfileProblem> problems) {
        super(message);
        this.problems = List.copyOf(problems);
    }

    /** The broken invariants, when the profile was read but is invalid. */
    public List<ProfileProblem> problems() {
        return problems;
    }
}
