package dev.uffdtrace.analyzer.replay;

import dev.uffdtrace.analyzer.capability.CapabilityProfile;
import dev.uffdtrace.analyzer.capability.ProfileRegistry;
import java.io.Serializable;

/**
 * How each ctx gets its profile: one fixed profile ({@code --profile}), or automatically from the
 * kernel release of its {@code open} (newest stock profile at or below it).
 */
public interface ProfileChoice extends Serializable {
    /** The label latency.json reports: the profile's name, or {@code auto}. */
    String label();

    /** The profile for a ctx whose kernel release is {@code release} (null when unknown). */
    CapabilityProfile forRelease(String release);

    static ProfileChoice fixed(CapabilityProfile profile) {
        return new Fixed(profile);
    }

    static ProfileChoice auto() {
        return new Auto();
    }

    record Fixed(CapabilityProfile profile) implements ProfileChoice {
        @Override
        public String label() {
            return profile.name();
        }

        @Override
        public CapabilityProfile forRelease(String release) {
            return profile;
        }
    }

    record Auto() implements ProfileChoice {
        @Override
        public String label() {
            return "auto";
        }

        @Override
        public CapabilityProfile forRelease(String release) {
            return ProfileRegistry.builtIns().forKernelRelease(release);
        }
    }
}
