/**
 * Reading and writing at the job's edges: the trace-file format for Flink's FileSource, the Kafka
 * record (de)serializers, and Flink type serializers for the analyzer's stateful objects.
 */
package dev.uffdtrace.pipeline.io;
