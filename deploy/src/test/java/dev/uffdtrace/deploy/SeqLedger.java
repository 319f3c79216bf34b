package dev.uffdtrace.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What an events topic holds, per ctx: which seqs arrived and how often. A complete stream of one
 * ctx is seq 0 (its {@code open}) to its {@code close}, each seq exactly once (TRACE-FORMAT: +1 per
 * event), so any hole is a lost event and any repeat a duplicate.
 */
final class SeqLedger {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final class Ctx {
        final BitSet seen = new BitSet();
        long duplicates;
        long closeSeq = -1;
        long faults;
        long lossEvents;
    }

    private final Map<String, Ctx> contexts = new TreeMap<>();

    static SeqLedger of(List<String> events) {
        SeqLedger l = new SeqLedger();
        events.forEach(l::add);
        return l;
    }

    void add(String json) {
        JsonNode e;
        try {
            e = JSON.readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
            throw new UncheckedIOException("not a JSON event: " + json, ex);
        }
        Ctx c = contexts.computeIfAbsent(e.path("ctx").asText(), k -> new Ctx());
        int seq = Math.toIntExact(e.path("seq").asLong(-1));
        if (seq < 0) {
            throw new IllegalArgumentException("event without seq: " + json);
        }
        if (c.seen.get(seq)) {
            c.duplicates++;
            return;
        }
        c.seen.set(seq);
        switch (e.path("type").asText()) {
            case "close" -> c.closeSeq = seq;
            case "fault" -> c.faults++;
            case "loss" -> c.lossEvents++;
            default -> { }
        }
    }

    int contexts() {
        return contexts.size();
    }

    long faults() {
        return contexts.values().stream().mapToLong(c -> c.faults).sum();
    }

    long lossEvents() {
        return contexts.values().stream().mapToLong(c -> c.lossEvents).sum();
    }

    /** Every way the topic differs from complete streams, one line each; empty when all is well. */
    List<String> problems() {
        List<String> p = new ArrayList<>();
        contexts.forEach((ctx, c) -> {
            if (c.duplicates > 0) {
                p.add(ctx + ": " + c.duplicates + " duplicate events");
            }
            if (c.closeSeq < 0) {
                p.add(ctx + ": no close (seqs 0.." + (c.seen.length() - 1) + " seen)");
            } else if (c.seen.length() != c.closeSeq + 1) {
                p.add(ctx + ": events after its close at seq " + c.closeSeq);
            }
            int hole = c.seen.nextClearBit(0);
            if (hole < c.seen.length()) {
                p.add(ctx + ": seq " + hole + " missing (" + (c.seen.length() - c.seen.cardinality()) + " missing in all)");
            }
        });
        return p;
    }
}
