/**
 * The rule catalogue of RULES.md and the findings it produces: one small check per event type,
 * each a pure function of the event, the ctx's replayed state and the capability profile.
 */
package dev.uffdtrace.analyzer.rules;
