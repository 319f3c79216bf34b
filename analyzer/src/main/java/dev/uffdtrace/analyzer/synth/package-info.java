/** Seeded synthetic traces for benchmarks and property tests: realistic shape, no kernel needed. */
package dev.uffdtrace.analyzer.synth;
