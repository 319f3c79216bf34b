package dev.uffdtrace.cli;

import dev.uffdtrace.analyzer.synth.TraceGenerator;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code uffdtrace generate}: a seeded synthetic trace, for benchmarks and demos. */
@Command(name = "generate", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Write a seeded synthetic trace (valid events of many uffds, some misuse) as JSON Lines.")
public final class GenerateCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--events", defaultValue = "1000000", description = "About this many events (default ${DEFAULT-VALUE}).")
    long events;

    @Option(names = "--contexts", defaultValue = "64", description = "Live uffds at a time (default ${DEFAULT-VALUE}).")
    int contexts;

    @Option(names = "--seed", defaultValue = "1", description = "Random seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--misuse", defaultValue = "0.002", description = "Share of illegal calls (default ${DEFAULT-VALUE}).")
    double misuse;

    @Option(names = "--out", required = true, description = "Output file (.jsonl or .jsonl.gz).")
    Path out;

    @Override
    public Integer call() throws CannotRunException {
        if (events < 0 || contexts < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--events must be >= 0 and --contexts >= 1");
        }
        Progress progress = new Progress(spec.commandLine().getErr(), "generate");
        long start = System.nanoTime();
        long n;
        try {
            n = new TraceGenerator(seed, events, contexts).misuseRate(misuse)
                    .writeTo(out, done -> progress.update(done, events, done));
        } catch (IOException e) {
            throw new CannotRunException("cannot write " + out + ": " + e.getMessage(), e);
        }
        progress.done();
        double secs = (System.nanoTime() - start) / 1e9;
        spec.commandLine().getOut().printf(Locale.ROOT, "{\"events\":%d,\"seconds\":%.3f,\"out\":\"%s\"}%n", n, secs, out);
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }
}
