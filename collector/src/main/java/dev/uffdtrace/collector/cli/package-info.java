/** picocli subcommands of {@code uffdtrace} that run on the collector host: probe and collect. */
package dev.uffdtrace.collector.cli;
