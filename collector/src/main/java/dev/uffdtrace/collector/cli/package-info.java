/** picocli subcommands of {@code uffdtrace} that run on the collector host (probe, collect, handler, observe); the deploy module registers them by class name. */
package dev.uffdtrace.collector.cli;
