package dev.uffdtrace.analyzer.capability;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The built-in profiles (JSON resources under {@code /profiles/}), user profile files, and the
 * automatic choice of a stock profile from a kernel release string.
 */
public final class ProfileRegistry {
    /** Built-in profile names, stock kernels oldest first, then proposals. */
    public static final List<String> BUILT_IN = List.of("linux-5.10", "linux-5.15", "linux-6.1", "linux-6.6",
            "linux-6.8", "linux-6.12", "linux-6.18", "vm_uffd_ops-v3");

    private static final Pattern RELEASE = Pattern.compile("^(\\d+)\\.(\\d+)");
    private static final ProfileRegistry BUILT_INS = loadBuiltIns();

    private final Map<String, CapabilityProfile> profiles;
    private final List<CapabilityProfile> stockOldestFirst;

    private ProfileRegistry(Map<String, CapabilityProfile> profiles) {
        this.profiles = profiles;
        List<CapabilityProfile> stock = new ArrayList<>();
        for (CapabilityProfile p : profiles.values()) {
            if (p.isStockKernel()) {
                stock.add(p);
            }
        }
        stock.sort(Comparator.comparingLong(p -> versionKey(p.version())));
        this.stockOldestFirst = List.copyOf(stock);
    }

    public static ProfileRegistry builtIns() {
        return BUILT_INS;
    }

    private static ProfileRegistry loadBuiltIns() {
        Map<String, CapabilityProfile> map = new LinkedHashMap<>();
        for (String name : BUILT_IN) {
            try {
                map.put(name, load(builtInJson(name), name));
            } catch (ProfileException | IOException e) {
                throw new IllegalStateException("built-in profile " + name + " is broken: " + e.getMessage(), e);
            }
        }
        return new ProfileRegistry(map);
    }

    /** The JSON text of a built-in profile. */
    public static String builtInJson(String name) throws IOException {
        try (InputStream in = ProfileRegistry.class.getResourceAsStream("/profiles/" + name + ".json")) {
            if (in == null) {
                throw new IOException("no built-in profile " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Parses and validates a profile; invalid ones throw with every broken invariant. */
    public static CapabilityProfile load(String json, String origin) throws ProfileException {
        ProfileJson.Parsed parsed = ProfileJson.parse(json, origin);
        List<ProfileProblem> problems = ProfileValidator.validate(parsed);
        if (!problems.isEmpty()) {
            throw new ProfileException("invalid profile " + origin + ": " + problems.get(0).message()
                    + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more)" : ""), problems);
        }
        return parsed.profile();
    }

    public List<CapabilityProfile> all() {
        return List.copyOf(profiles.values());
    }

    public CapabilityProfile byName(String name) throws ProfileException {
        CapabilityProfile p = profiles.get(name);
        if (p == null) {
            throw new ProfileException("unknown profile '" + name + "' (built in: " + String.join(", ", profiles.keySet()) + ")");
        }
        return p;
    }

    /** A built-in name, or else a profile file. */
    public CapabilityProfile resolve(String nameOrFile) throws ProfileException {
        if (profiles.containsKey(nameOrFile)) {
            return profiles.get(nameOrFile);
        }
        Path file = Path.of(nameOrFile);
        if (!Files.isRegularFile(file)) {
            throw new ProfileException("unknown profile '" + nameOrFile + "': neither a built-in name ("
                    + String.join(", ", profiles.keySet()) + ") nor a readable file");
        }
        try {
            return load(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        } catch (IOException e) {
            throw new ProfileException("cannot read profile " + file + ": " + e.getMessage());
        }
    }

    /**
     * The newest stock profile whose version is at or below the release's major.minor; the oldest
     * for an older kernel; the newest when the release is unreadable (null or no version).
     */
    public CapabilityProfile forKernelRelease(String release) {
        CapabilityProfile newest = stockOldestFirst.get(stockOldestFirst.size() - 1);
        if (release == null) {
            return newest;
        }
        Matcher m = RELEASE.matcher(release.trim());
        if (!m.find()) {
            return newest;
        }
        long key;
        try {
            key = Long.parseLong(m.group(1)) * 1_000_000L + Long.parseLong(m.group(2));
        } catch (NumberFormatException e) {
            return newest;
        }
        CapabilityProfile chosen = stockOldestFirst.get(0);
        for (CapabilityProfile p : stockOldestFirst) {
            if (versionKey(p.version()) <= key) {
                chosen = p;
            }
        }
        return chosen;
    }

    static long versionKey(String version) {
        String[] parts = version.split("\\.");
        return Long.parseLong(parts[0]) * 1_000_000L + Long.parseLong(parts[1]);
    }
}
