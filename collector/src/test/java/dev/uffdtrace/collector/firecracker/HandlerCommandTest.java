package dev.uffdtrace.collector.firecracker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.uffdtrace.collector.cli.HandlerCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command's usage errors and its one-line refusal to start; no uffd needed. */
class HandlerCommandTest {
    @TempDir
    Path dir;

    private record Result(int exit, String out, String err) {
    }

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = new CommandLine(new HandlerCommand()).setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true)).execute(args);
        return new Result(exit, out.toString(), err.toString());
    }

    @Test
    void theDeployModuleCanRegisterItByName() throws ReflectiveOperationException {
        Object command = Class.forName("dev.uffdtrace.collector.cli.HandlerCommand").getDeclaredConstructor()
                .newInstance();
        assertThat(new CommandLine(command).getCommandName()).isEqualTo("handler");
    }

    @Test
    void socketAndMemFileAreRequired() {
        Result r = run("--socket", dir.resolve("s").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--mem-file");
    }

    @Test
    void outAndKafkaExcludeEachOther() {
        Result r = run("--socket", "s", "--mem-file", "m", "--out", "t.jsonl", "--bootstrap", "h:1", "--topic", "t");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--out=FILE and [--bootstrap=HOST:PORT --topic=T] are mutually exclusive");
    }

    @Test
    void bootstrapNeedsTopic() {
        Result r = run("--socket", "s", "--mem-file", "m", "--bootstrap", "h:1");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("Missing required argument(s): --topic=T");
    }

    @Test
    void aMissingMemFileIsOneLineAndExitOne() {
        Path missing = dir.resolve("no-such-mem");
        Result r = run("--socket", dir.resolve("s").toString(), "--mem-file", missing.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err().trim()).startsWith("handler: cannot serve " + missing).doesNotContain("\n");
        assertThat(r.out()).isEmpty();
    }
}
