/** The {@code uffdtrace pipeline} subcommand and the streaming job's command-line options. */
package dev.uffdtrace.pipeline.cli;
