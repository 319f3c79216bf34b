/** Where collected events go: JSON Lines files, Kafka, or nowhere (telemetry off). */
package dev.uffdtrace.collector.publish;
