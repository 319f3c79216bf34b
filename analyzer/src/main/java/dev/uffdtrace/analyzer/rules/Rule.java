package dev.uffdtrace.analyzer.rules;

/** The rules of RULES.md version 1. Severity "error / warning" rules take the event's verdict. */
public enum Rule {
    API_FEATURE_UNSUPPORTED,
    REGISTER_MODE_UNSUPPORTED,
    IOCTL_UNSUPPORTED,
    IOCTL_MODE_MISMATCH,
    IOCTL_OUTSIDE_REGISTRATION,
    FAULT_OUTSIDE_REGISTRATION,
    FAULT_MODE_MISMATCH,
    FAULT_STUCK,
    KERNEL_MODEL_DRIFT,
    EVENTS_LOST;

    /** Bumped whenever the same trace and profile would give different findings. */
    public static final int CATALOGUE_VERSION = 1;
}
