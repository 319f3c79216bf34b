/** The files a bounded replay writes (OUTPUTS.md): findings, latency JSON, dead letters, summary. */
package dev.uffdtrace.analyzer.report;
