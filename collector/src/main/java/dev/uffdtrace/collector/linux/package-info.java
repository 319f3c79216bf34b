/**
 * JNA bindings for userfaultfd and the memory calls around it. Every class that touches native
 * code lives here; the rest of the collector sees records, errno names and AutoCloseable handles.
 */
package dev.uffdtrace.collector.linux;
