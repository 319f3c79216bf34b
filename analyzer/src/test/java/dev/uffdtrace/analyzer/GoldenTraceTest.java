package dev.uffdtrace.analyzer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.uffdtrace.analyzer.replay.ReplayResult;
import dev.uffdtrace.analyzer.replay.ReplaySettings;
import dev.uffdtrace.analyzer.replay.TraceReplay;
import dev.uffdtrace.analyzer.report.ReplayOutputs;
import dev.uffdtrace.analyzer.trace.TraceReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Golden traces: small real-looking traces whose findings, latency and dead letters were checked
 * by hand (see docs/golden.md); a change in any byte of the outputs fails here.
 */
class GoldenTraceTest {
    @TempDir
    Path out;

    @ParameterizedTest
    @ValueSource(strings = {"restore", "live-migration"})
    void outputsMatchTheCheckedFiles(String name) throws Exception {
        Path dir = Path.of("src/test/resources/golden", name);
        ReplayResult result;
        try (ReplayOutputs outputs = new ReplayOutputs(out)) {
            TraceReplay replay = new TraceReplay(ReplaySettings.defaults(), outputs::deadLetter);
            // the dead letters name the source as given: run from the golden folder's name
            new TraceReader().read(Files.newInputStream(dir.resolve("trace.jsonl")), "trace.jsonl", replay);
            result = replay.finish();
            outputs.finish(result);
        }
        for (String f : List.of("findings.jsonl", "latency.json", "deadletter.jsonl")) {
            assertThat(Files.readString(out.resolve(f), StandardCharsets.UTF_8)).as(name + "/" + f)
                    .isEqualTo(Files.readString(dir.resolve("expected-" + f), StandardCharsets.UTF_8));
        }
    }
}
