package dev.uffdtrace.cli;

import java.util.List;
import picocli.CommandLine;

/**
 * Registers the subcommands that live in the collector and pipeline modules, by class name, so
 * that the command line still works (with a clear error) if one of them is not on the class path.
 */
final class Subcommands {
    private static final List<String> OPTIONAL = List.of(
            "dev.uffdtrace.collector.cli.ProbeCommand",
            "dev.uffdtrace.collector.cli.CollectCommand",
            "dev.uffdtrace.collector.cli.HandlerCommand",
            "dev.uffdtrace.collector.cli.ObserveCommand",
            "dev.uffdtrace.pipeline.cli.PipelineCommand");

    private Subcommands() {
    }

    static void addOptional(CommandLine cl) {
        for (String name : OPTIONAL) {
            try {
                Class<?> c = Class.forName(name);
                cl.addSubcommand(c.getDeclaredConstructor().newInstance());
            } catch (ReflectiveOperationException | LinkageError e) {
                // not built into this jar: the command is simply absent from --help
            }
        }
    }
}
