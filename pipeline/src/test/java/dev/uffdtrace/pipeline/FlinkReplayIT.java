package dev.uffdtrace.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.uffdtrace.analyzer.replay.ReplayResult;
import dev.uffdtrace.analyzer.replay.ReplaySettings;
import dev.uffdtrace.analyzer.replay.TraceReplay;
import dev.uffdtrace.analyzer.report.ReplayOutputs;
import dev.uffdtrace.analyzer.rules.Finding;
import dev.uffdtrace.analyzer.trace.TraceReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The bounded Flink replay against the direct replay on the same generated trace. */
class FlinkReplayIT {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = Clusters.twoSlots(new Configuration());

    @TempDir
    Path dir;

    @ParameterizedTest(name = "parallelism {0}, {1}")
    @CsvSource({"1, OWNED", "2, OWNED", "2, SHUFFLED"})
    void writesTheSameFilesAsTheDirectReplay(int parallelism, FlinkReplay.Plan plan) throws Exception {
        List<Path> traces = generate(new TraceGenerator(7, 400, 60));
        ReplaySettings settings = ReplaySettings.defaults();
        ReplayResult direct = direct(settings, traces, dir.resolve("direct"));

        ReplayResult flink;
        try (ReplayOutputs outputs = new ReplayOutputs(dir.resolve("flink"))) {
            flink = FlinkReplay.run(settings, traces, parallelism, outputs, plan);
            outputs.finish(flink);
        }

        for (String file : List.of(ReplayOutputs.FINDINGS, ReplayOutputs.LATENCY, ReplayOutputs.DEAD_LETTERS,
                ReplayOutputs.SUMMARY)) {
            assertThat(Files.readString(dir.resolve("flink").resolve(file)))
                    .as(file).isEqualTo(Files.readString(dir.resolve("direct").resolve(file)));
        }
        assertThat(flink.findings().stream().map(Finding::rule).collect(Collectors.toSet()))
                .contains("FAULT_STUCK", "EVENTS_LOST", "IOCTL_UNSUPPORTED", "FAULT_OUTSIDE_REGISTRATION",
                        "IOCTL_OUTSIDE_REGISTRATION");
        assertThat(direct.invalid()).isGreaterThan(10);
        assertThat(direct.duplicates()).isGreaterThan(10);
        assertThat(direct.outstanding()).isGreaterThan(0);
        assertThat(direct.resolvedByClose()).isGreaterThan(0);
        assertThat(direct.latency().totalCount()).isGreaterThan(1000);
    }

    /**
     * Two files, the second gzipped, then a copy of the second cut off in the middle (its dead letter
     * and the lines before it count): the replay reads them in the order given.
     */
    private List<Path> generate(TraceGenerator generator) throws IOException {
        Path a = dir.resolve("a.jsonl");
        Path b = dir.resolve("b.jsonl");
        generator.write(List.of(a, b));
        Path gz = dir.resolve("b.jsonl.gz");
        try (InputStream in = Files.newInputStream(b); OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            in.transferTo(out);
        }
        Files.delete(b);
        byte[] whole = Files.readAllBytes(gz);
        Path cut = dir.resolve("c.jsonl.gz");
        Files.write(cut, Arrays.copyOf(whole, whole.length / 3));
        return List.of(a, gz, cut);
    }

    static ReplayResult direct(ReplaySettings settings, List<Path> traces, Path out) throws IOException {
        try (ReplayOutputs outputs = new ReplayOutputs(out)) {
            TraceReplay replay = new TraceReplay(settings, outputs::deadLetter);
            TraceReader reader = new TraceReader();
            for (Path t : traces) {
                reader.read(t, replay);
            }
            ReplayResult result = replay.finish();
            outputs.finish(result);
            return result;
        }
    }
}
