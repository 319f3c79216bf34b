package dev.uffdtrace.analyzer.capability;

/**
 * How a profile judges one UFFDIO_REGISTER.
 *
 * @param contractViolated a requested mode is unsupported under the contract (or unknown)
 * @param kernelAccepts    the profile's kernel accepts the call
 * @param namesUnknown     a mode name neither the format nor the profile knows: never drifts
 */
public record RegisterVerdict(boolean contractViolated, boolean kernelAccepts, boolean namesUnknown) {
}
