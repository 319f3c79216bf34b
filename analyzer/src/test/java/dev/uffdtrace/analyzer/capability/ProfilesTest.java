package dev.uffdtrace.analyzer.capability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.uffdtrace.analyzer.trace.MemType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.FieldSource;

/** Every shipped profile validates and reads back; a broken one reports each broken invariant. */
class ProfilesTest {
    static final List<String> NAMES = ProfileRegistry.BUILT_IN;

    @ParameterizedTest
    @FieldSource("NAMES")
    void everyShippedProfileValidatesAndRoundTrips(String name) throws Exception {
        String json = ProfileRegistry.builtInJson(name);
        assertThat(ProfileValidator.validate(ProfileJson.parse(json, name))).isEmpty();
        CapabilityProfile p = ProfileRegistry.builtIns().byName(name);
        assertThat(ProfileRegistry.load(ProfileJson.write(p), name)).isEqualTo(p);
    }

    @Test
    void aBrokenProfileReportsEachInvariant() throws IOException {
        String json;
        try (InputStream in = getClass().getResourceAsStream("/profiles/broken.json")) {
            json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<String> messages = ProfileValidator.validate(ProfileJson.parse(json, "broken.json")).stream()
                .map(p -> p.mem() + ": " + p.message()).toList();
        assertThat(messages).anySatisfy(m -> assertThat(m).startsWith("anon:").contains("MISSING needs the COPY ioctl"));
        assertThat(messages).anySatisfy(m -> assertThat(m).startsWith("shmem:").contains("WP needs the WRITEPROTECT ioctl"));
        assertThat(messages).anySatisfy(m -> assertThat(m).startsWith("shmem:").contains("CONTINUE serves MINOR and is declared without that mode"));
        assertThat(messages).anySatisfy(m -> assertThat(m).startsWith("hugetlb:").contains("but no register mode"));
        assertThat(messages).noneSatisfy(m -> assertThat(m).startsWith("guest_memfd:")); // modes only: CONTINUE derived
        assertThat(messages).anySatisfy(m -> assertThat(m).startsWith("file:").contains("mode RWP, which the profile's kernel does not have"));
        assertThat(messages).anySatisfy(m -> assertThat(m).contains("backing types only"));
        assertThat(messages).anySatisfy(m -> assertThat(m).contains("unknown memory type 'nvram'"));
        assertThat(messages).anySatisfy(m -> assertThat(m).contains("'ioctlFlags' names MOVE"));
        assertThatThrownBy(() -> ProfileRegistry.load(json, "broken.json")).isInstanceOf(ProfileException.class)
                .hasMessageContaining("invalid profile broken.json");
    }

    @Test
    void aProfileMayGiveOnlyIoctlsAndTheModesAreDerived() throws Exception {
        String json = ProfileRegistry.builtInJson("linux-6.18").replace(
                "\"modes\": [\n        \"MISSING\",\n        \"WP\"\n      ],\n      \"ioctls\": [\n        \"COPY\"",
                "\"ioctls\": [\n        \"COPY\"");
        assertThat(json).isNotEqualTo(ProfileRegistry.builtInJson("linux-6.18"));
        CapabilityProfile p = ProfileRegistry.load(json, "derived");
        assertThat(p.contractFor(MemType.ANON).modes()).containsExactlyInAnyOrder("MISSING", "WP");
    }

    @ParameterizedTest
    @CsvSource({"6.18.44-fc-v657,linux-6.18", "6.3.1,linux-6.1", "6.12.100+deb12-amd64,linux-6.12", "4.19.0,linux-5.10",
            "7.2.0,linux-6.18", "garbage,linux-6.18", "5.15.0-91-generic,linux-5.15", "6.7.0,linux-6.6"})
    void autoSelectionByRelease(String release, String expected) {
        assertThat(ProfileRegistry.builtIns().forKernelRelease(release).name()).isEqualTo(expected);
    }

    @Test
    void unknownProfileNamesTheBuiltIns() {
        assertThatThrownBy(() -> ProfileRegistry.builtIns().resolve("linux-9.9")).isInstanceOf(ProfileException.class)
                .hasMessageContaining("linux-6.18");
    }

    @Test
    void theProposalDeclaresGuestMemfdMinorWithContinue() throws Exception {
        CapabilityProfile v3 = ProfileRegistry.builtIns().byName("vm_uffd_ops-v3");
        assertThat(v3.contractFor(MemType.GUEST_MEMFD)).isEqualTo(new Declaration(java.util.Set.of("MINOR"), java.util.Set.of("CONTINUE")));
        assertThat(ProfileRegistry.builtIns().byName("linux-6.18").contractFor(MemType.GUEST_MEMFD).declaresAnything()).isFalse();
    }
}
