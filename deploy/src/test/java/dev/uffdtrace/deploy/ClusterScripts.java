package dev.uffdtrace.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the scripts of {@code deploy/cluster/} against one work dir and one set of ports, each run
 * bounded: a script that overruns is killed with its whole process tree and the run fails.
 */
final class ClusterScripts {
    /** A finished script: exit code and its output (stdout and stderr, in one file). */
    record Run(String script, int exitCode, String output) {
        String lastLine() {
            String[] lines = output.strip().split("\n");
            return lines[lines.length - 1];
        }
    }

    /** A script running in the background. */
    record Started(String script, Process process, Path output) {
        Run await(Duration timeout) throws IOException, InterruptedException {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                destroyTree(process);
                throw new IllegalStateException(script + " did not finish within " + timeout
                        + "; output:\n" + Files.readString(output));
            }
            return new Run(script, process.exitValue(), Files.readString(output));
        }
    }

    private final Path deployDir;
    private final Path clusterDir;
    private final Map<String, String> env;
    private int runs;

    ClusterScripts(Path deployDir, Path clusterDir, Map<String, String> env) {
        this.deployDir = deployDir;
        this.clusterDir = clusterDir;
        this.env = Map.copyOf(env);
    }

    Path clusterDir() {
        return clusterDir;
    }

    Started start(String script, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(deployDir.resolve("cluster").resolve(script).toString());
        command.addAll(List.of(args));
        Files.createDirectories(clusterDir);
        Path output = clusterDir.resolve("it-" + (++runs) + "-" + script.replace(".sh", "") + ".out");
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        pb.environment().putAll(env);
        pb.environment().put("CLUSTER_DIR", clusterDir.toString());
        return new Started(script, pb.start(), output);
    }

    /** Runs a script to its end and requires exit code 0. */
    Run run(Duration timeout, String script, String... args) throws IOException, InterruptedException {
        Run r = start(script, args).await(timeout);
        if (r.exitCode() != 0) {
            throw new IllegalStateException(script + " exited with " + r.exitCode() + "; output:\n" + r.output());
        }
        return r;
    }

    /** The pid up.sh recorded for a server, e.g. "kafka-2". */
    long pid(String name) throws IOException {
        return Long.parseLong(Files.readString(clusterDir.resolve("pids").resolve(name + ".pid"), StandardCharsets.US_ASCII).strip());
    }

    static void destroyTree(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
    }
}
