package dev.uffdtrace.analyzer.capability;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a profile against the vm_uffd_ops invariants (RULES.md, "Profile validation"), every
 * declaration of the contract and of the kernel's per-type verdicts alike:
 * <ul>
 *   <li>a type that declares any capability declares at least one mode;</li>
 *   <li>each mode needs the ioctl that serves it (MISSING: COPY, WP: WRITEPROTECT, MINOR: CONTINUE);</li>
 *   <li>an ioctl that serves one mode is not declared without that mode;</li>
 *   <li>names are the profile's own modes and ioctls.</li>
 * </ul>
 * Every broken invariant is reported, not only the first.
 */
public final class ProfileValidator {
    private ProfileValidator() {
    }

    public static List<ProfileProblem> validate(ProfileJson.Parsed parsed) {
        List<ProfileProblem> problems = new ArrayList<>(parsed.problems());
        CapabilityProfile p = parsed.profile();
        if (p == null) {
            return problems;
        }
        for (String mode : p.modes()) {
            if (!p.modeIoctls().containsKey(mode)) {
                problems.add(new ProfileProblem(p.name(), null, "mode " + mode + " has no serving ioctl in 'modeIoctls'"));
            }
        }
        for (String op : p.ioctlFlags().keySet()) {
            if (!p.ioctls().contains(op)) {
                problems.add(new ProfileProblem(p.name(), null, "'ioctlFlags' names " + op + ", which the profile's ioctls lack"));
            }
        }
        for (Map.Entry<String, ProfileJson.RawDeclaration> e : parsed.declared().entrySet()) {
            check(p, e.getKey(), e.getValue(), problems);
        }
        return problems;
    }

    private static void check(CapabilityProfile p, String where, ProfileJson.RawDeclaration raw,
                              List<ProfileProblem> problems) {
        String mem = raw.mem().wireName();
        Declaration d = ProfileJson.derive(raw.modes(), raw.ioctls(), p.modeIoctls());
        List<String> out = new ArrayList<>();
        if (raw.modes() == null && raw.ioctls() == null) {
            out.add("declares neither modes nor ioctls");
        }
        if (d.declaresAnything() && d.modes().isEmpty()) {
            out.add("declares ioctls " + sorted(d.ioctls()) + " but no register mode");
        }
        for (String mode : d.modes()) {
            if (!p.modes().contains(mode)) {
                out.add("declares mode " + mode + ", which the profile's kernel does not have");
                continue;
            }
            String serving = p.modeIoctls().get(mode);
            if (serving != null && !d.ioctls().contains(serving)) {
                out.add(mode + " needs the " + serving + " ioctl");
            }
        }
        for (String op : d.ioctls()) {
            if (!p.ioctls().contains(op)) {
                out.add("declares ioctl " + op + ", which the profile's kernel does not have");
            }
            String served = p.modeServedBy(op);
            if (served != null && !d.modes().contains(served)) {
                out.add(op + " serves " + served + " and is declared without that mode");
            }
        }
        for (String msg : out) {
            problems.add(new ProfileProblem(p.name(), mem, where + ": " + msg));
        }
    }

    private static List<String> sorted(Set<String> s) {
        return s.stream().sorted().toList();
    }


}
