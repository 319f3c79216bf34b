package dev.uffdtrace.cli;

import dev.uffdtrace.analyzer.capability.CapabilityProfile;
import dev.uffdtrace.analyzer.capability.ProfileJson;
import dev.uffdtrace.analyzer.capability.ProfileProblem;
import dev.uffdtrace.analyzer.capability.ProfileRegistry;
import dev.uffdtrace.analyzer.capability.ProfileValidator;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code uffdtrace profiles list | show NAME | validate FILE}. */
@Command(name = "profiles", mixinStandardHelpOptions = true,
        description = "List, show and validate capability profiles.",
        subcommands = {ProfilesCommand.ListCommand.class, ProfilesCommand.ShowCommand.class,
                ProfilesCommand.ValidateCommand.class})
public final class ProfilesCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand: list, show or validate");
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "The built-in profiles, one a line.")
    static final class ListCommand implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.Option(names = "--json", description = "One JSON object per profile.")
        boolean json;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            for (CapabilityProfile p : ProfileRegistry.builtIns().all()) {
                if (json) {
                    out.printf("{\"name\":\"%s\",\"kind\":\"%s\",\"version\":\"%s\"}%n", p.name(), p.kind(), p.version());
                } else {
                    out.printf("%-16s %-8s %-6s %s%n", p.name(), p.kind(), p.version(), p.description());
                }
            }
            out.flush();
            return ExitCodes.OK;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "A profile as JSON (built-in name or file).")
    static final class ShowCommand implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "NAME|FILE")
        String name;

        @Override
        public Integer call() throws Exception {
            CapabilityProfile p = ProfileRegistry.builtIns().resolve(name);
            spec.commandLine().getOut().println(ProfileJson.write(p));
            spec.commandLine().getOut().flush();
            return ExitCodes.OK;
        }
    }

    @Command(name = "validate", mixinStandardHelpOptions = true,
            description = "Check a profile file against the vm_uffd_ops invariants; prints each PROFILE_INVALID finding.")
    static final class ValidateCommand implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "FILE")
        Path file;

        @Override
        public Integer call() throws CannotRunException {
            String text;
            try {
                text = Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new CannotRunException("cannot read profile " + file + ": " + e.getMessage(), e);
            }
            List<ProfileProblem> problems = ProfileValidator.validate(ProfileJson.parse(text, file.toString()));
            PrintWriter out = spec.commandLine().getOut();
            for (ProfileProblem p : problems) {
                out.println(ProblemJson.encode(p));
            }
            if (problems.isEmpty()) {
                spec.commandLine().getErr().println("profile " + file + " is valid");
            }
            out.flush();
            return problems.isEmpty() ? ExitCodes.OK : ExitCodes.CANNOT_RUN;
        }
    }
}
