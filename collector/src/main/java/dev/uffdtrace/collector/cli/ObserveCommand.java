package dev.uffdtrace.collector.cli;

import dev.uffdtrace.collector.loop.HostIdentity;
import dev.uffdtrace.collector.observe.ObserveException;
import dev.uffdtrace.collector.observe.Observer;
import dev.uffdtrace.collector.publish.EventOutbox;
import dev.uffdtrace.collector.publish.EventPublisher;
import dev.uffdtrace.collector.publish.Publishers;
import dev.uffdtrace.collector.publish.QueueOutbox;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code uffdtrace observe [--pid P] [--duration D] [--counters] (--out FILE | --bootstrap HOST:PORT --topic T)}:
 * follows unmodified uffd handlers from kernel tracepoints (BPF) and writes what they do as trace
 * format v1. Ends after {@code --duration} or on Ctrl-C, then prints one JSON line (records, lost,
 * user-fault-to-read waits; with {@code --counters} the kernel's per-ctx counters instead of a trace).
 * Exit status 0 when it ran, 1 when it could not (one line on stderr says what is missing), 2 bad usage.
 */
@Command(name = "observe", mixinStandardHelpOptions = true,
        description = "Trace unmodified userfaultfd handlers (QEMU, CRIU, Firecracker) from kernel tracepoints with BPF.")
public final class ObserveCommand implements Callable<Integer> {
    private static final int QUEUE = 1 << 20;

    @Spec
    CommandSpec spec;

    @Option(names = "--pid", defaultValue = "0",
            description = "Observe the uffds this process makes or receives (default: every process).")
    int pid;

    @Option(names = "--duration", description = "Stop after this long (e.g. 30s, 5m, 500ms, PT1M); default: until Ctrl-C.")
    String duration;

    @Option(names = "--counters",
            description = "Keep only per-ctx counters in the kernel (lowest overhead); print them as JSON at the end.")
    boolean counters;

    @Option(names = "--max-msgs", defaultValue = "64", description = "uffd_msgs copied per read, 1..64 (default ${DEFAULT-VALUE}).")
    int maxMsgs;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    TraceDestination destination;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Duration limit;
        try {
            limit = parseDuration(duration);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "observe: " + e.getMessage());
        }
        if (destination == null && !counters) {
            throw new ParameterException(spec.commandLine(), "observe: give --out FILE, --bootstrap and --topic, or --counters");
        }
        Observer.Options options;
        try {
            options = new Observer.Options(pid, counters, maxMsgs);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "observe: " + e.getMessage());
        }
        // Ctrl-C (SIGINT, SIGTERM) runs this hook, which ends the wait below and then holds the JVM
        // until the trace is flushed and the summary printed: the JVM halts as soon as its hooks return.
        CountDownLatch done = new CountDownLatch(1);
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            done.countDown();
            try {
                finished.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "observe-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            String summary;
            try (EventOutbox outbox = new QueueOutbox(publisher(), QUEUE)) {
                summary = observe(outbox, options, limit, done, err);
            }
            out.println(summary);
            out.flush();
            return 0;
        } catch (ObserveException e) {
            err.println("uffdtrace " + e.getMessage());
            err.flush();
            return 1;
        } finally {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down (Ctrl-C): the hook is running and waits for us
            }
        }
    }

    /** With --counters the kernel keeps counts only: no events to publish, whatever the output. */
    private EventPublisher publisher() throws IOException {
        return counters ? Publishers.none() : TraceDestination.open(destination);
    }

    private String observe(EventOutbox outbox, Observer.Options options, Duration limit, CountDownLatch done,
                           PrintWriter err) throws Exception {
        try (Observer observer = Observer.start(HostIdentity.current(), outbox, options)) {
            err.println("uffdtrace observe: attached" + (pid == 0 ? " to every process" : " to pid " + pid)
                    + (limit == null ? "; Ctrl-C to stop" : " for " + limit));
            err.flush();
            if (limit == null) {
                done.await();
            } else {
                done.await(limit.toMillis(), TimeUnit.MILLISECONDS);
            }
            observer.stop();
            return counters ? observer.countersJson()
                    : "{\"records\":" + observer.records() + ",\"lost\":" + observer.lost() + ",\"fault_waits\":"
                    + observer.faultWaitsJson() + "}";
        }
    }

    /** 30s, 5m, 2h, 500ms, or an ISO-8601 duration (PT30S); null when absent. */
    static Duration parseDuration(String text) {
        if (text == null) {
            return null;
        }
        String t = text.trim().toLowerCase();
        try {
            Duration d;
            if (t.startsWith("pt")) {
                d = Duration.parse(text.trim().toUpperCase());
            } else if (t.endsWith("ms")) {
                d = Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            } else if (t.endsWith("s")) {
                d = Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)));
            } else if (t.endsWith("m")) {
                d = Duration.ofMinutes(Long.parseLong(t.substring(0, t.length() - 1)));
            } else if (t.endsWith("h")) {
                d = Duration.ofHours(Long.parseLong(t.substring(0, t.length() - 1)));
            } else {
                d = Duration.ofSeconds(Long.parseLong(t));
            }
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("duration: must be > 0, was " + text);
            }
            return d;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("duration: expected e.g. 30s, 5m, 500ms or PT1M, was '" + text + "'");
        }
    }
}
