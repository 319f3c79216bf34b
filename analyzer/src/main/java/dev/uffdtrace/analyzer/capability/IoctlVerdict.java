package dev.uffdtrace.analyzer.capability;

/**
 * How a profile judges one range ioctl on one registered range.
 *
 * @param unsupported   the op (or a mode flag) is unsupported under the contract for the range's
 *                      memory type, or the profile's kernel does not have it yet
 * @param modeMismatch  the range lacks the mode the call needs (IOCTL_MODE_MISMATCH)
 * @param kernelAccepts the profile's kernel accepts the call on this range
 * @param opUnknown     an op the format and the profile do not know: judged "accepts", never drifts
 */
public record IoctlVerdict(boolean unsupported, boolean modeMismatch, boolean kernelAccepts, boolean opUnknown) {
    public static final IoctlVerdict CLEAN = new IoctlVerdict(false, false, true, false);
}
