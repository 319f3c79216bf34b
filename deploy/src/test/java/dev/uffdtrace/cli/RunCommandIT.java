package dev.uffdtrace.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's main command end to end: a real embedded KRaft broker, the streaming pipeline in a
 * MiniCluster and the collector on the live kernel (or its synthetic fallback), for 25 seconds.
 */
class RunCommandIT {
    @TempDir
    Path tmp;

    @Test
    @Timeout(240)
    void aShortRunShowsLiveOutputAndReportsLatencyAndAlerts() throws Exception {
        Path out = tmp.resolve("report");
        CliTest.Run r = CliTest.run("run", "--duration", "25s", "--web-port", "0", "--pages", "1000", "--out", out.toString(),
                "--data-dir", tmp.resolve("kafka").toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("kafka: 127.0.0.1:").contains("events ");
        String summary = Files.readString(out.resolve("summary.txt"));
        assertThat(summary).contains("latency (ns):").doesNotContain("(no resolved faults)");
        assertThat(summary).containsPattern("alerts from the pipeline: [1-9]");
        assertThat(Files.readString(out.resolve("findings.jsonl"))).contains("\"severity\":\"error\"");
        assertThat(Files.readString(out.resolve("latency.json"))).contains("\"groups\":[{");
        assertThat(out.resolve("deadletter.jsonl")).exists();
    }
}
