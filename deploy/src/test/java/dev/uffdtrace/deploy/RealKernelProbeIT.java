package dev.uffdtrace.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The older kernels' profiles on the real kernels (docs/kernels.md): deploy/kernels/probe-kernel.sh
 * boots each Debian kernel under QEMU TCG and runs this build's {@code uffdtrace probe} in it; the
 * jar's {@code replay} with the kernel's profile must then find no KERNEL_MODEL_DRIFT.
 * Only in the Maven profile {@code kernels} (needs root, apt with the Debian archive, QEMU, a static
 * gcc, mkfs.ext4; about 30 s per kernel). {@code -Dkernels.packages=PKG=PROFILE,...} picks others.
 */
class RealKernelProbeIT {
    private static final String DEFAULT_PACKAGES =
            "linux-image-6.1.0-50-amd64=linux-6.1,linux-image-6.12.100+deb12-amd64=linux-6.12";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Path deploy;

    @BeforeAll
    static void hostCanBootKernels() throws Exception {
        assumeTrue(Boolean.getBoolean("kernels.probe"), "real-kernel probes: run with -Pkernels");
        assumeTrue("root".equals(System.getProperty("user.name")), "real-kernel probes: need root (9p passthrough of /)");
        for (String tool : List.of("qemu-system-x86_64", "apt-get", "dpkg-deb", "gcc", "mkfs.ext4", "python3", "xz")) {
            assumeTrue(run(List.of("sh", "-c", "command -v " + tool), 10).exitCode() == 0,
                    "real-kernel probes: " + tool + " is not installed");
        }
        deploy = Path.of(System.getProperty("uffdtrace.deploy.dir", ".")).toAbsolutePath();
    }

    static Stream<Arguments> kernels() {
        return Stream.of(System.getProperty("kernels.packages", DEFAULT_PACKAGES).split(","))
                .map(s -> s.strip().split("=")).map(p -> Arguments.of(p[0], p[1]));
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void theProfileMatchesTheBootedKernel(String pkg, String profile) throws Exception {
        assumeTrue(run(List.of("apt-cache", "show", pkg), 60).exitCode() == 0,
                "real-kernel probes: apt does not know " + pkg);
        Path out = deploy.resolve("target/kernels-it").resolve(pkg);
        ClusterScripts.Run probe = run(List.of(deploy.resolve("kernels/probe-kernel.sh").toString(), pkg, out.toString()), 900);
        assertThat(probe.exitCode()).as(probe.output()).isZero();
        Path trace = Path.of(probe.lastLine());
        Path report = out.resolve("replay");
        ClusterScripts.Run replay = run(List.of(ProcessHandle.current().info().command().orElse("java"), "-jar",
                deploy.resolve("target/uffdtrace.jar").toString(), "replay", "--profile", profile, "--out",
                report.toString(), trace.toString()), 300);
        assertThat(replay.exitCode()).as(replay.output()).isZero();
        List<String> drift = new ArrayList<>();
        for (String line : Files.readAllLines(report.resolve("findings.jsonl"))) {
            if (JSON.readTree(line).path("rule").asText().equals("KERNEL_MODEL_DRIFT")) {
                drift.add(line);
            }
        }
        System.out.printf("kernels: %s %s trace=%s drift=%d%n", pkg, profile, trace, drift.size());
        assertThat(Files.readAllLines(trace)).hasSizeGreaterThan(500);
        assertThat(drift).isEmpty();
    }

    /** Runs a command to its end, bounded as the cluster scripts are (killed with its children after {@code seconds}). */
    private static ClusterScripts.Run run(List<String> command, long seconds) throws IOException, InterruptedException {
        Path log = Files.createTempFile("kernels-it", ".out");
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            if (deploy != null) {
                pb.environment().put("JAR", deploy.resolve("target/uffdtrace.jar").toString());
            }
            return new ClusterScripts.Started(String.join(" ", command), pb.start(), log).await(Duration.ofSeconds(seconds));
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
