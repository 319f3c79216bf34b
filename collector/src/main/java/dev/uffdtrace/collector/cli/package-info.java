/** Subcommands that live in the collector module; the deploy module registers them by class name. */
package dev.uffdtrace.collector.cli;
