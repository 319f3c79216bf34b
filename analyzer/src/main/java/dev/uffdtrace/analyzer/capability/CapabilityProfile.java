package dev.uffdtrace.analyzer.capability;

import dev.uffdtrace.analyzer.trace.MemType;
import dev.uffdtrace.analyzer.trace.Names;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One kernel's (or one proposal's) userfaultfd capabilities, as RULES.md describes a profile:
 * <ol>
 *   <li>the features, register modes, range ioctls and ioctl mode flags the kernel has;</li>
 *   <li>the contract: per backing type a {@link Declaration}, plus the core rules
 *       (private mappings lose CONTINUE, WP_ASYNC opens WP-only registration to every type but
 *       droppable, droppable supports nothing);</li>
 *   <li>the kernel's verdict where it differs from the contract: per concrete memory type
 *       overrides, whether CONTINUE checks for a MINOR registration, and which errno other than
 *       EINVAL (and ENOENT from WRITEPROTECT) counts as a rejection.</li>
 * </ol>
 * Immutable; build it with {@link ProfileJson} and check it with {@link ProfileValidator}.
 */
public record CapabilityProfile(
        String name,
        String kind,
        String version,
        String description,
        Set<String> features,
        Set<String> modes,
        Set<String> ioctls,
        Map<String, Set<String>> ioctlFlags,
        Map<String, String> modeIoctls,
        Map<MemType, Declaration> contract,
        Map<MemType, Declaration> kernelTypes,
        boolean continueRequiresMinor,
        List<RejectingErrno> rejectingErrnos) {

    public static final String KIND_KERNEL = "kernel";
    public static final String KIND_PROPOSAL = "proposal";

    /** An errno that counts as the kernel's rejection of {@code op} on {@code mem}. */
    public record RejectingErrno(MemType mem, String op, String errno) {
    }

    public CapabilityProfile {
        features = Set.copyOf(features);
        modes = Set.copyOf(modes);
        ioctls = Set.copyOf(ioctls);
        ioctlFlags = Map.copyOf(ioctlFlags);
        modeIoctls = Map.copyOf(modeIoctls);
        contract = Map.copyOf(contract);
        kernelTypes = Map.copyOf(kernelTypes);
        rejectingErrnos = List.copyOf(rejectingErrnos);
    }

    public boolean isStockKernel() {
        return KIND_KERNEL.equals(kind);
    }

    public boolean hasFeature(String feature) {
        return features.contains(feature);
    }

    /** True when {@code mode} is a register mode this profile's kernel or the trace format knows. */
    public boolean knowsMode(String mode) {
        return Names.MODES.contains(mode) || modes.contains(mode);
    }

    public boolean knowsIoctl(String op) {
        return Names.IOCTLS.contains(op) || ioctls.contains(op);
    }

    /** The contract's declaration for a concrete memory type (core rules applied). */
    public Declaration contractFor(MemType mem) {
        if (mem == MemType.DROPPABLE) {
            return Declaration.NONE; // a core rule: droppable memory supports nothing
        }
        Declaration d = contract.getOrDefault(mem.backing(), Declaration.NONE);
        return mem.isPrivateMapping() ? d.without(Names.CONTINUE) : d;
    }

    /** What this profile's kernel accepts on a concrete memory type. */
    public Declaration kernelFor(MemType mem) {
        Declaration d = kernelTypes.get(mem);
        return d != null ? d : contractFor(mem);
    }

    /** True when {@code errno} from {@code op} on {@code mem} is the kernel refusing the call. */
    public boolean isRejection(String op, MemType mem, String errno) {
        if ("EINVAL".equals(errno)) {
            return true;
        }
        if ("ENOENT".equals(errno) && Names.WRITEPROTECT.equals(op)) {
            return true;
        }
        for (RejectingErrno r : rejectingErrnos) {
            if (r.mem() == mem && r.op().equals(op) && r.errno().equals(errno)) {
                return true;
            }
        }
        return false;
    }

    /** The mode a range ioctl serves, for the mode-derivation of a declaration. */
    public String modeServedBy(String ioctl) {
        for (Map.Entry<String, String> e : modeIoctls.entrySet()) {
            if (e.getValue().equals(ioctl)) {
                return e.getKey();
            }
        }
        return Names.ZEROPAGE.equals(ioctl) ? Names.MODE_MISSING : null;
    }
}
