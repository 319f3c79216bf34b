package dev.uffdtrace.collector.cli;

import dev.uffdtrace.collector.loop.HostIdentity;
import dev.uffdtrace.collector.probe.KernelProbe;
import dev.uffdtrace.collector.probe.ProbeSummary;
import dev.uffdtrace.collector.publish.DirectOutbox;
import dev.uffdtrace.collector.publish.JsonLinesPublisher;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code uffdtrace probe --out FILE}: the live kernel's capability matrix, written as a trace. */
@Command(name = "probe", mixinStandardHelpOptions = true,
        description = "Probe the live kernel's userfaultfd capabilities (memory types x features x modes x ioctls, "
                + "real faults) and write them as a trace.")
public final class ProbeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "trace file (.jsonl or .jsonl.gz)")
    Path out;

    @Option(names = "--file-dir", paramLabel = "DIR",
            description = "directory on a disk filesystem for the 'file' memory type (default: first of /var/tmp, "
                    + "the working directory, home, java.io.tmpdir that is not tmpfs)")
    Path fileDir;

    @Override
    public Integer call() throws Exception {
        ProbeSummary summary;
        try (DirectOutbox outbox = new DirectOutbox(new JsonLinesPublisher(out))) {
            summary = new KernelProbe(HostIdentity.current(), outbox, fileDir).run();
        }
        PrintWriter w = spec.commandLine().getOut();
        w.println("probed: " + String.join(", ", summary.probed()));
        for (Map.Entry<String, String> e : summary.skipped().entrySet()) {
            w.println("skipped " + e.getKey() + ": " + e.getValue());
        }
        w.println("wrote " + summary.contexts() + " uffd contexts to " + out);
        w.flush();
        return 0;
    }
}
