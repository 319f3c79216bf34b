/**
 * The fault loop and what it keeps per uffd: the ctx's event stream (seq numbering, drops turned
 * into loss events), the registration table, the resolution policy and the service times.
 */
package dev.uffdtrace.collector.loop;
