/**
 * The Flink job over the analyzer: {@link dev.uffdtrace.pipeline.TraceJob} (the streaming topology with
 * injected source and sinks), {@link dev.uffdtrace.pipeline.FlinkReplay} (the bounded replay in batch mode, chained to readers that own their ctxs)
 * and {@link dev.uffdtrace.pipeline.StreamingJob} (the cluster job's entry point).
 */
package dev.uffdtrace.pipeline;
