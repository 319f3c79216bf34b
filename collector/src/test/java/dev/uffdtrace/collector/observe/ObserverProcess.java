package dev.uffdtrace.collector.observe;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code uffdtrace observe ARGS} in a JVM of its own, the way an operator runs it beside a handler
 * (its reader and JSON writer take no CPU from the handler's process): started, waited for until it
 * says it is attached, stopped with SIGTERM (its Ctrl-C path: drain, flush, print the summary).
 *
 * <p>With {@code -Dobserve.bench.jar=deploy/target/uffdtrace.jar} it runs that jar
 * ({@code java -jar JAR observe ARGS}); otherwise {@link ObserveMain} on this JVM's class path.
 * {@code -Dobserve.bench.observer.jvm="OPTIONS"} adds JVM options (a profiler, a heap size; %n in them
 * is replaced by the number of the observer process, 1, 2, ...).
 */
final class ObserverProcess implements AutoCloseable {
    private static final long TICKS_PER_SECOND = 100; // USER_HZ, the unit of utime and stime in /proc/PID/stat

    private static final AtomicInteger STARTED = new AtomicInteger();

    private final Process process;
    private final CountDownLatch attached = new CountDownLatch(1);
    private final List<String> errLines = new ArrayList<>();

    private ObserverProcess(Process process) {
        this.process = process;
        Thread err = new Thread(this::readErr, "observer-stderr");
        err.setDaemon(true);
        err.start();
    }

    /**
     * Starts {@code observe args} and returns once it has attached (or fails saying what it printed).
     * {@code classPath}: another build's classes to run instead of this JVM's (null: this JVM's);
     * {@code cpus}: the CPU list to run it on ({@code taskset -c}), null for any.
     */
    static ObserverProcess start(List<String> args, String classPath, String cpus) throws IOException,
            InterruptedException {
        List<String> cmd = new ArrayList<>();
        if (cpus != null) {
            cmd.addAll(List.of("taskset", "-c", cpus));
        }
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String jvm = System.getProperty("observe.bench.observer.jvm", "");
        if (!jvm.isBlank()) {
            // e.g. a profiler's options; %n: the number of this observer process, for one output file each
            cmd.addAll(List.of(jvm.replace("%n", Integer.toString(STARTED.incrementAndGet())).trim().split("\\s+")));
        }
        String jar = System.getProperty("observe.bench.jar");
        if (classPath != null) {
            cmd.addAll(List.of("-cp", classPath + File.pathSeparator + System.getProperty("java.class.path"),
                    ObserveMain.class.getName()));
        } else if (jar != null && !jar.isBlank()) {
            cmd.addAll(List.of("-jar", jar, "observe"));
        } else {
            cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), ObserveMain.class.getName()));
        }
        cmd.addAll(args);
        ObserverProcess p = new ObserverProcess(new ProcessBuilder(cmd).start());
        if (!p.attached.await(60, TimeUnit.SECONDS)) {
            p.process.destroyForcibly();
            throw new IllegalStateException("observe did not attach within 60 s: " + p.errText());
        }
        if (!p.process.isAlive()) {
            throw new IllegalStateException("observe exited with " + p.process.exitValue() + ": " + p.errText());
        }
        return p;
    }

    long pid() {
        return process.pid();
    }

    /** The observer process's CPU time so far (user + system, all threads), at 10 ms resolution. */
    long cpuNanos() throws IOException {
        return cpuNanos(Path.of("/proc", Long.toString(process.pid()), "stat"));
    }

    /**
     * CPU time so far per thread name (the kernel's 15-character names: "uffd-observe", "uffdtrace-publi",
     * "C2 CompilerThre", "GC Thread#0", ...), threads of one name summed: where the observer's CPU goes.
     */
    Map<String, Long> cpuNanosByThread() throws IOException {
        Map<String, Long> byName = new TreeMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(process.pid()),
                "task"))) {
            for (Path t : tasks) {
                try {
                    byName.merge(Files.readString(t.resolve("comm")).trim(), cpuNanos(t.resolve("stat")), Long::sum);
                } catch (NoSuchFileException e) {
                    // the thread ended meanwhile
                }
            }
        }
        return byName;
    }

    private static long cpuNanos(Path stat) throws IOException {
        String s = Files.readString(stat);
        // fields after the ")" that ends the command name: state is field 3, utime 14, stime 15
        String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
        return ticks * (TimeUnit.SECONDS.toNanos(1) / TICKS_PER_SECOND);
    }

    /** SIGTERM, then the summary line observe prints on stdout when it stops. */
    String stop() throws IOException, InterruptedException {
        process.toHandle().destroy(); // SIGTERM; Process.destroy() would also close the pipes we still read
        byte[] out = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("observe did not stop within 60 s of SIGTERM: " + errText());
        }
        String text = new String(out, StandardCharsets.UTF_8);
        // the last JSON line: a profiler given in observe.bench.observer.jvm may print before it
        return text.lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b).orElseThrow(() ->
                new IllegalStateException("observe printed no summary (stdout '" + text + "'): " + errText()));
    }

    private void readErr() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getErrorStream(),
                StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                synchronized (errLines) {
                    errLines.add(line);
                }
                if (line.contains("uffdtrace observe: attached")) {
                    attached.countDown();
                }
            }
        } catch (IOException e) {
            // the process is gone
        } finally {
            attached.countDown();
        }
    }

    private String errText() {
        synchronized (errLines) {
            return String.join("\n", errLines);
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
