package dev.uffdtrace.cli;

import dev.uffdtrace.analyzer.capability.ProfileException;
import java.io.IOException;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The top-level {@code uffdtrace} command; subcommands do the work. */
@Command(name = "uffdtrace", mixinStandardHelpOptions = true, version = "uffdtrace 0.1.0",
        description = "Event-sourced analyzer of Linux userfaultfd fault traces.",
        subcommands = {ReplayCommand.class, ProfilesCommand.class, GenerateCommand.class, RunCommand.class})
public final class UffdtraceCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand");
    }

    /** The command line with the project's exit-code mapping; other modules add subcommands here. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new UffdtraceCommand());
        Subcommands.addOptional(cl);
        cl.setExecutionExceptionHandler((ex, line, parse) -> {
            line.getErr().println("uffdtrace " + line.getCommandName() + ": " + oneLine(ex));
            return exitCodeOf(ex);
        });
        cl.setParameterExceptionHandler((ex, args) -> {
            ex.getCommandLine().getErr().println("uffdtrace: " + ex.getMessage());
            ex.getCommandLine().getErr().println("try 'uffdtrace " + ex.getCommandLine().getCommandName() + " --help'");
            return ExitCodes.USAGE;
        });
        return cl;
    }

    static int exitCodeOf(Throwable ex) {
        if (ex instanceof CannotRunException || ex instanceof ProfileException || ex instanceof IOException
                || ex instanceof UncheckedIOException) {
            return ExitCodes.CANNOT_RUN;
        }
        if (ex instanceof IllegalArgumentException) {
            return ExitCodes.USAGE;
        }
        return ExitCodes.CANNOT_RUN;
    }

    static String oneLine(Throwable ex) {
        String m = ex.getMessage();
        if (m == null || m.isBlank()) {
            m = ex.getClass().getSimpleName();
        }
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
