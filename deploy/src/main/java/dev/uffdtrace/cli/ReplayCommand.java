package dev.uffdtrace.cli;

import dev.uffdtrace.analyzer.capability.ProfileException;
import dev.uffdtrace.analyzer.capability.ProfileProblem;
import dev.uffdtrace.analyzer.capability.ProfileRegistry;
import dev.uffdtrace.analyzer.replay.ProfileChoice;
import dev.uffdtrace.analyzer.replay.ReplayResult;
import dev.uffdtrace.analyzer.replay.ReplaySettings;
import dev.uffdtrace.analyzer.report.ReplayOutputs;
import dev.uffdtrace.analyzer.report.SummaryReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code uffdtrace replay [--profile NAME|FILE] [--stuck-ms N] --out DIR TRACE...}: replays traces
 * against a capability profile and writes findings.jsonl, latency.json, deadletter.jsonl and
 * summary.txt. Engines: {@code direct} (the analyzer, one thread), {@code flink} (the pipeline's
 * job in batch mode), {@code auto} (flink for more than 1 GiB of files with a parallelism of 4 or
 * more, else direct); both give the same findings.jsonl and latency.json.
 */
@Command(name = "replay", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Replay traces against a capability profile and write findings, latency and dead letters.")
public final class ReplayCommand implements Callable<Integer> {
    /**
     * When {@code auto} picks Flink. The direct replay does ~1 M events/s on one core; Flink adds
     * ~6 s of start-up (a MiniCluster, and JIT compiling Flink itself) and gains per core, so it pays
     * back only for large inputs and several cores (BENCHMARKS.md, issue #5).
     */
    static final long AUTO_FLINK_BYTES = 1L << 30;
    static final int AUTO_FLINK_PARALLELISM = 4;
    /** The default parallelism: the machine's cores, at most this many (readers that own their ctxs). */
    static final int DEFAULT_MAX_PARALLELISM = 4;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--profile", paramLabel = "NAME|FILE",
            description = "Built-in profile name or profile file; default: chosen per ctx from its kernel release.")
    String profile;

    @Option(names = "--stuck-ms", paramLabel = "N", description = "FAULT_STUCK threshold in ms (default ${DEFAULT-VALUE}).",
            defaultValue = "1000")
    double stuckMs;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "Output folder.")
    Path out;

    @Option(names = "--bootstrap", paramLabel = "HOST:PORT", description = "Kafka bootstrap for a kafka:TOPIC input.")
    String bootstrap;

    @Option(names = "--from", paramLabel = "OFFSET|ISO-TIME", description = "First Kafka offset or time (default: beginning).")
    String from;

    @Option(names = "--to", paramLabel = "OFFSET|ISO-TIME", description = "End Kafka offset or time (default: end at start of replay).")
    String to;

    @Option(names = "--engine", paramLabel = "auto|direct|flink", defaultValue = "auto",
            description = "Replay engine (default ${DEFAULT-VALUE}).")
    String engine;

    @Option(names = "--parallelism", paramLabel = "N",
            description = "Flink parallelism (default: the machine's cores, at most " + DEFAULT_MAX_PARALLELISM + ").")
    Integer parallelism;

    @Parameters(paramLabel = "TRACE", arity = "1..*", description = ".jsonl or .jsonl.gz files, folders of them, or kafka:TOPIC.")
    List<String> traces;

    @Override
    public Integer call() throws Exception {
        if (stuckMs < 0 || Double.isNaN(stuckMs)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--stuck-ms must be >= 0");
        }
        if (!List.of("auto", "direct", "flink").contains(engine)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--engine must be auto, direct or flink");
        }
        if (parallelism != null && parallelism < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--parallelism must be at least 1, was " + parallelism);
        }
        ReplayInputs inputs;
        try {
            inputs = ReplayInputs.parse(traces);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        if (inputs.kafkaTopic() != null && bootstrap == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "kafka:TOPIC needs --bootstrap HOST:PORT");
        }
        ReplaySettings settings = new ReplaySettings(profileChoice(), Math.round(stuckMs * 1000));
        long started = System.nanoTime();
        ReplayResult result;
        try (ReplayOutputs outputs = new ReplayOutputs(out)) {
            result = run(settings, inputs, outputs);
            outputs.finish(result);
        } catch (IOException e) {
            throw new CannotRunException(e.getMessage(), e);
        }
        PrintWriter o = spec.commandLine().getOut();
        o.print(SummaryReport.render(result));
        double secs = (System.nanoTime() - started) / 1e9;
        o.printf(Locale.ROOT, "%nreplayed %,d events in %.2f s (%,.0f events/s), peak heap %d MiB%n", result.events(), secs,
                result.events() / Math.max(secs, 1e-9), HeapPeak.mebibytes());
        o.printf(Locale.ROOT, "wrote %s/{%s,%s,%s,%s}%n", out, ReplayOutputs.FINDINGS, ReplayOutputs.LATENCY,
                ReplayOutputs.DEAD_LETTERS, ReplayOutputs.SUMMARY);
        o.flush();
        return ExitCodes.OK;
    }

    private ReplayResult run(ReplaySettings settings, ReplayInputs inputs, ReplayOutputs outputs) throws Exception {
        Progress progress = new Progress(spec.commandLine().getErr(), "replay");
        int p = parallelism != null ? parallelism
                : Math.min(DEFAULT_MAX_PARALLELISM, Runtime.getRuntime().availableProcessors());
        boolean flink = engine.equals("flink") || (engine.equals("auto") && inputs.kafkaTopic() == null
                && inputs.totalBytes() > AUTO_FLINK_BYTES && p >= AUTO_FLINK_PARALLELISM);
        if (flink) {
            return FlinkEngine.replay(settings, inputs, bootstrap, from, to, p, outputs);
        }
        if (inputs.kafkaTopic() != null) {
            return KafkaDirectReplay.run(settings, bootstrap, inputs.kafkaTopic(), from, to, outputs, progress);
        }
        return DirectReplay.run(settings, inputs, outputs, progress);
    }

    private ProfileChoice profileChoice() throws CannotRunException {
        if (profile == null) {
            return ProfileChoice.auto();
        }
        try {
            return ProfileChoice.fixed(ProfileRegistry.builtIns().resolve(profile));
        } catch (ProfileException e) {
            PrintWriter o = spec.commandLine().getOut();
            for (ProfileProblem p : e.problems()) {
                o.println(ProblemJson.encode(p));
            }
            o.flush();
            throw new CannotRunException(e.getMessage(), e);
        }
    }
}
