package dev.uffdtrace.cli;

import dev.uffdtrace.analyzer.synth.TraceGenerator;
import dev.uffdtrace.analyzer.trace.TraceEvent;
import dev.uffdtrace.collector.loop.HostIdentity;
import dev.uffdtrace.collector.publish.EventOutbox;
import dev.uffdtrace.collector.publish.Publishers;
import dev.uffdtrace.collector.publish.QueueOutbox;
import dev.uffdtrace.collector.workload.WorkloadEnv;
import dev.uffdtrace.collector.workload.WorkloadParams;
import dev.uffdtrace.collector.workload.WorkloadResult;
import dev.uffdtrace.collector.workload.Workloads;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The collector side of {@code uffdtrace run}: a realistic mix on the live kernel, round after
 * round (misuse first, so the first alerts come early): snapshot-restore-like COPY faults, minor
 * faults resolved by CONTINUE, WP dirty tracking, zero-page faults, and misuse again now and then.
 * Where userfaultfd cannot be used it says so once and publishes a synthetic trace instead, so the
 * rest of the system can still be seen working.
 */
final class DemoCollector implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(DemoCollector.class);
    static final List<String> PLAN = List.of("misuse", "copy", "continue", "wp", "copy", "zeropage", "continue", "wp");
    private static final int QUEUE = 1 << 16;

    private final String bootstrap;
    private final String topic;
    private final int pages;
    private volatile boolean stopped;
    private final AtomicReference<String> status = new AtomicReference<>("starting");

    DemoCollector(String bootstrap, String topic, int pages) {
        this.bootstrap = bootstrap;
        this.topic = topic;
        this.pages = pages;
    }

    void stop() {
        stopped = true;
    }

    String status() {
        return status.get();
    }

    @Override
    public void run() {
        try (EventOutbox outbox = new QueueOutbox(Publishers.kafka(bootstrap, topic), QUEUE)) {
            HostIdentity host = HostIdentity.current();
            for (int round = 0; !stopped; round++) {
                String name = PLAN.get(round % PLAN.size());
                try {
                    WorkloadResult r = Workloads.byName(name).run(new WorkloadEnv(host, outbox,
                            WorkloadParams.of(name.equals("misuse") ? 1 : pages, 2)));
                    status.set(String.format(java.util.Locale.ROOT, "round %d: %s, %d faults, %.0f faults/s", round + 1,
                            name, r.faults(), r.faultsPerSecond()));
                } catch (Exception | LinkageError e) {
                    if (round == 0) {
                        status.set("userfaultfd unavailable (" + UffdtraceCommand.oneLine(e) + "): publishing a synthetic trace");
                        LOG.warn("collector: {}", status.get());
                        try {
                            synthetic(outbox);
                        } catch (StopGenerating done) {
                            // stopped by the run ending
                        }
                        return;
                    }
                    status.set("round " + (round + 1) + ": " + name + " failed: " + UffdtraceCommand.oneLine(e));
                    LOG.warn("collector: {}", status.get());
                }
                pause(300);
            }
        } catch (IOException e) {
            status.set("collector stopped: " + e.getMessage());
            LOG.warn("collector: cannot publish to {} at {}: {}", topic, bootstrap, e.getMessage());
        }
    }

    /** About 20k events/s of generated trace until stopped. */
    private void synthetic(EventOutbox outbox) {
        long t0 = System.nanoTime();
        long[] sent = {0};
        new TraceGenerator(System.currentTimeMillis(), Long.MAX_VALUE / 2, 8).misuseRate(0.01).generate(e -> {
            if (stopped) {
                throw new StopGenerating();
            }
            putQuietly(outbox, e);
            if (++sent[0] % 2_000 == 0) {
                long due = t0 + sent[0] * 50_000L;
                pause(Math.max(0, (due - System.nanoTime()) / 1_000_000));
            }
        });
    }

    private static void putQuietly(EventOutbox outbox, TraceEvent e) {
        try {
            outbox.put(e);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new StopGenerating();
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Ends the synthetic generator's loop from inside its callback. */
    private static final class StopGenerating extends RuntimeException {
        private static final long serialVersionUID = 1L;

        StopGenerating() {
            super(null, null, false, false);
        }
    }

}
