package dev.uffdtrace.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command line as a user meets it: outputs, one-line errors and the exit codes of OUTPUTS.md. */
class CliTest {
    @TempDir
    Path tmp;

    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = UffdtraceCommand.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    private Path trace(String... lines) throws Exception {
        Path p = tmp.resolve("t.jsonl");
        Files.writeString(p, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        return p;
    }

    private static final String OPEN = "{\"v\":1,\"type\":\"open\",\"ctx\":\"c\",\"seq\":0,\"mono_ns\":1,\"time_us\":1,\"host\":\"h\","
            + "\"pid\":1,\"kernel\":\"6.18.44\",\"via\":\"syscall\",\"requested\":[],\"result\":\"ok\",\"features\":[],\"ioctls\":[]}";
    private static final String REGISTER_MINOR_ANON = "{\"v\":1,\"type\":\"register\",\"ctx\":\"c\",\"seq\":1,\"mono_ns\":2,\"time_us\":2,"
            + "\"start\":4096,\"len\":4096,\"mem\":\"anon\",\"page_size\":4096,\"modes\":[\"MINOR\"],\"result\":\"EINVAL\",\"ioctls\":[]}";

    @Test
    void replayWritesTheFourFilesAndExitsZero() throws Exception {
        Path t = trace(OPEN, REGISTER_MINOR_ANON, "nonsense");
        Path out = tmp.resolve("out");
        Run r = run("replay", "--out", out.toString(), t.toString());
        assertThat(r.code()).isZero();
        assertThat(Files.readString(out.resolve("findings.jsonl"))).contains("\"rule\":\"REGISTER_MODE_UNSUPPORTED\"");
        assertThat(Files.readString(out.resolve("latency.json"))).startsWith("{\"v\":1,\"profile\":\"auto\",\"events\":2,\"contexts\":1,\"invalid\":1");
        assertThat(Files.readString(out.resolve("deadletter.jsonl"))).contains("\"line\":3");
        assertThat(Files.readString(out.resolve("summary.txt"))).contains("REGISTER_MODE_UNSUPPORTED");
        assertThat(r.out()).contains("events 2");
    }

    @Test
    void aNamedProfileIsUsedAndReported() throws Exception {
        Path out = tmp.resolve("out");
        assertThat(run("replay", "--profile", "linux-5.10", "--out", out.toString(), trace(OPEN).toString()).code()).isZero();
        assertThat(Files.readString(out.resolve("latency.json"))).contains("\"profile\":\"linux-5.10\"");
    }

    @Test
    void generateWritesATraceTheReplayReadsAndPrintsItsCount() throws Exception {
        Path t = tmp.resolve("g.jsonl.gz");
        Run g = run("generate", "--events", "5000", "--contexts", "4", "--out", t.toString());
        assertThat(g.code()).isZero();
        long events = Long.parseLong(g.out().replaceAll("(?s).*\"events\":(\\d+).*", "$1"));
        assertThat(events).isGreaterThanOrEqualTo(5000);
        Path out = tmp.resolve("out");
        assertThat(run("replay", "--out", out.toString(), t.toString()).code()).isZero();
        assertThat(Files.readString(out.resolve("latency.json"))).contains("\"events\":" + events + ",", "\"invalid\":0");
    }

    @Test
    void generateIntoAMissingFolderExitsOneWithOneLine() {
        Run r = run("generate", "--events", "10", "--out", tmp.resolve("no/such/g.jsonl").toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err().strip()).doesNotContain("\n").contains("cannot write").contains("g.jsonl");
    }

    @Test
    void unreadableInputExitsOneWithOneLine() {
        Run r = run("replay", "--out", tmp.resolve("o").toString(), tmp.resolve("missing.jsonl").toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err().strip()).doesNotContain("\n").contains("missing.jsonl");
    }

    @Test
    void unknownProfileExitsOne() throws Exception {
        Run r = run("replay", "--profile", "linux-9.9", "--out", tmp.resolve("o").toString(), trace(OPEN).toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("unknown profile 'linux-9.9'");
    }

    @Test
    void anInvalidProfileFileExitsOneAndPrintsItsProblems() throws Exception {
        Path bad = tmp.resolve("bad.json");
        Files.writeString(bad, "{\"schemaVersion\":1,\"name\":\"bad\",\"version\":\"6.18\",\"modes\":[\"MISSING\"],\"ioctls\":[\"ZEROPAGE\"],"
                + "\"contract\":{\"anon\":{\"modes\":[\"MISSING\"],\"ioctls\":[\"ZEROPAGE\"]}}}");
        Run r = run("replay", "--profile", bad.toString(), "--out", tmp.resolve("o").toString(), trace(OPEN).toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains("\"rule\":\"PROFILE_INVALID\"").contains("MISSING needs the COPY ioctl");
        Run v = run("profiles", "validate", bad.toString());
        assertThat(v.code()).isEqualTo(1);
        assertThat(v.out().lines()).allMatch(l -> l.contains("PROFILE_INVALID"));
    }

    @Test
    void badUsageExitsTwo() throws Exception {
        assertThat(run("replay", trace(OPEN).toString()).code()).isEqualTo(2);
        assertThat(run("replay", "--out", "x").code()).isEqualTo(2);
        assertThat(run("replay", "--stuck-ms", "abc", "--out", "x", "y").code()).isEqualTo(2);
        assertThat(run("frobnicate").code()).isEqualTo(2);
        Run p0 = run("replay", "--parallelism", "0", "--out", tmp.resolve("p0").toString(), trace(OPEN).toString());
        assertThat(p0.code()).isEqualTo(2);
        assertThat(p0.err()).contains("--parallelism must be at least 1");
    }

    @Test
    void profilesListShowAndValidate() throws Exception {
        Run list = run("profiles", "list");
        assertThat(list.out()).contains("linux-5.10", "linux-6.18", "vm_uffd_ops-v3");
        Run show = run("profiles", "show", "linux-6.18");
        assertThat(show.code()).isZero();
        Path shown = tmp.resolve("p.json");
        Files.writeString(shown, show.out());
        Run valid = run("profiles", "validate", shown.toString());
        assertThat(valid.code()).isZero();
        assertThat(valid.out()).isEmpty();
    }

    @Test
    void stuckThresholdIsConfigurable() throws Exception {
        String fault = "{\"v\":1,\"type\":\"fault\",\"ctx\":\"c\",\"seq\":1,\"mono_ns\":2,\"time_us\":1000,\"addr\":4096,\"flags\":[]}";
        String wake = "{\"v\":1,\"type\":\"ioctl\",\"ctx\":\"c\",\"seq\":2,\"mono_ns\":3,\"time_us\":61000,\"op\":\"WAKE\",\"start\":4096,\"len\":4096,\"mode\":[],\"result\":\"ok\"}";
        Path t = trace(OPEN, fault, wake);
        Path o1 = tmp.resolve("o1");
        Path o2 = tmp.resolve("o2");
        run("replay", "--out", o1.toString(), t.toString());
        run("replay", "--stuck-ms", "50", "--out", o2.toString(), t.toString());
        assertThat(Files.readString(o1.resolve("findings.jsonl"))).doesNotContain("FAULT_STUCK");
        assertThat(Files.readString(o2.resolve("findings.jsonl"))).contains("FAULT_STUCK");
    }
}
