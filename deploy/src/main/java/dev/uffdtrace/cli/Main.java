package dev.uffdtrace.cli;

/** Entry point of {@code java -jar deploy/target/uffdtrace.jar}. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(UffdtraceCommand.commandLine().execute(args));
    }
}
