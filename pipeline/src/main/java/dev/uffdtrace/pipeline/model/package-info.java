/**
 * Flat carrier types between operators: POJOs with public fields that Flink's own POJO serializer
 * handles (never Kryo), converted to and from the analyzer's records at the edges.
 */
package dev.uffdtrace.pipeline.model;
