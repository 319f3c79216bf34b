package dev.uffdtrace.collector.cli;

import dev.uffdtrace.collector.loop.HostIdentity;
import dev.uffdtrace.collector.publish.QueueOutbox;
import dev.uffdtrace.collector.workload.Workload;
import dev.uffdtrace.collector.workload.WorkloadEnv;
import dev.uffdtrace.collector.workload.WorkloadParams;
import dev.uffdtrace.collector.workload.WorkloadResult;
import dev.uffdtrace.collector.workload.Workloads;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code uffdtrace collect --workload NAME ...}: runs a workload under the fault loop, publishes
 * its events, and prints one JSON line with the fields of ref-handler.c's output.
 */
@Command(name = "collect", mixinStandardHelpOptions = true,
        description = "Run a userfaultfd workload, publish its trace, print faults/s and service-time percentiles.")
public final class CollectCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--workload", required = true, paramLabel = "NAME",
            description = "zeropage, copy, continue, wp, wp-shmem, hugetlb, storm, guest-memfd, misuse")
    String workload;

    @Option(names = "--pages", defaultValue = "1024", description = "pages per round (default ${DEFAULT-VALUE})")
    int pages;

    @Option(names = "--threads", defaultValue = "1", description = "faulting threads (default ${DEFAULT-VALUE})")
    int threads;

    @Option(names = "--duration", defaultValue = "0s", converter = DurationConverter.class,
            description = "repeat rounds for this long, e.g. 10s (default: one round)")
    Duration duration;

    @Option(names = "--warmup", defaultValue = "0s", converter = DurationConverter.class,
            description = "run rounds for this long first and leave them out of the result (JIT warm-up; default none)")
    Duration warmup;

    @Option(names = "--spin", defaultValue = "50us", converter = DurationConverter.class,
            description = "after each batch of faults, keep polling this long before sleeping in poll() "
                    + "(default ${DEFAULT-VALUE}; 0s: never; never when the process may use one CPU only)")
    Duration spin;

    @Option(names = "--queue", defaultValue = "65536",
            description = "publishing queue capacity in events; when full, events are dropped and reported as loss")
    int queue;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Destination destination;

    /** The trace destinations, and collect's own third choice: no trace at all. */
    static final class Destination extends TraceDestination {
        @Option(names = "--discard", description = "publish nothing (telemetry off), still count events")
        boolean discard;
    }

    @Override
    public Integer call() throws Exception {
        Workload w;
        WorkloadParams params;
        try {
            w = Workloads.byName(workload);
            params = new WorkloadParams(pages, threads, duration, warmup, spin);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        WorkloadResult r;
        QueueOutbox outbox = new QueueOutbox(TraceDestination.open(destination), queue);
        try (outbox) {
            r = w.run(new WorkloadEnv(HostIdentity.current(), outbox, params));
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println(json(r, params, outbox.published(), outbox.reportedDrops()));
        out.flush();
        return 0;
    }

    /**
     * The result line; {@code events} and {@code dropped} say what telemetry kept up with: a run
     * that dropped events (queue full) did less work per fault than one that published them all.
     */
    static String json(WorkloadResult r, WorkloadParams p, long events, long dropped) {
        StringBuilder b = new StringBuilder(200);
        b.append("{\"workload\":\"").append(r.workload()).append('"')
                .append(",\"pages\":").append(p.pages())
                .append(",\"threads\":").append(p.threads())
                .append(",\"faults\":").append(r.faults())
                .append(",\"seconds\":").append(String.format(Locale.ROOT, "%.4f", r.seconds()))
                .append(",\"faults_per_s\":").append(String.format(Locale.ROOT, "%.0f", r.faultsPerSecond()))
                .append(",\"svc_p50_ns\":").append(r.svcP50Nanos())
                .append(",\"svc_p99_ns\":").append(r.svcP99Nanos())
                .append(",\"cpu_ns_per_fault\":").append(r.cpuNanosPerFault())
                .append(",\"events\":").append(events)
                .append(",\"dropped\":").append(dropped);
        if (r.skipped() != null) {
            b.append(",\"skipped\":\"").append(r.skipped().replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        }
        return b.append('}').toString();
    }
}
