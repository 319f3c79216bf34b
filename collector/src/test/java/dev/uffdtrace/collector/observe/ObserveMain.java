package dev.uffdtrace.collector.observe;

import dev.uffdtrace.collector.cli.ObserveCommand;
import picocli.CommandLine;

/**
 * {@code observe} alone, as a process of its own: what {@code java -jar uffdtrace.jar observe ARGS}
 * runs (the same picocli command, exit status and shutdown path) without building the deploy jar,
 * which the collector's tests cannot depend on. Used by {@link ObserverProcess}.
 */
public final class ObserveMain {
    private ObserveMain() {
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new ObserveCommand()).execute(args));
    }
}
