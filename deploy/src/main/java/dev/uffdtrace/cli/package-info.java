/** The {@code uffdtrace} command line: one small class per subcommand, one place mapping errors to exit codes. */
package dev.uffdtrace.cli;
