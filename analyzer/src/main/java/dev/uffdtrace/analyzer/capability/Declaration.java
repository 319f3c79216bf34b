package dev.uffdtrace.analyzer.capability;

import java.util.Set;

/**
 * What one memory type declares, in the shape of {@code struct vm_uffd_ops}: the register
 * modes and the range ioctls it supports. WAKE, REGISTER, UNREGISTER and API are implicit.
 */
public record Declaration(Set<String> modes, Set<String> ioctls) {
    public static final Declaration NONE = new Declaration(Set.of(), Set.of());

    public Declaration {
        modes = Set.copyOf(modes);
        ioctls = Set.copyOf(ioctls);
    }

    public boolean declaresAnything() {
        return !modes.isEmpty() || !ioctls.isEmpty();
    }

    /** This declaration without one ioctl (a private mapping loses CONTINUE). */
    public Declaration without(String ioctl) {
        if (!ioctls.contains(ioctl)) {
            return this;
        }
        java.util.Set<String> rest = new java.util.HashSet<>(ioctls);
        rest.remove(ioctl);
        return new Declaration(modes, rest);
    }
}
