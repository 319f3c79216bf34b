package dev.uffdtrace.pipeline.model;

import dev.uffdtrace.analyzer.rules.Finding;
import dev.uffdtrace.analyzer.rules.Severity;

/** A {@link Finding} as flat fields, plus its rank among its ctx's findings (for a stable order). */
public class FindingRecord {
    public String rule;
    public String severity;
    public String ctx;
    public long seq;
    public long timeMicros;
    public String profile;
    public String mem;
    public String message;
    public String evidenceJson;
    /** The how-manieth finding of its ctx, in emission order. */
    public long rank;

    public FindingRecord() {
    }

    public static FindingRecord of(Finding f, long rank) {
        FindingRecord r = new FindingRecord();
        r.rule = f.rule();
        r.severity = f.severity().wireName();
        r.ctx = f.ctx();
        r.seq = f.seq();
        r.timeMicros = f.timeMicros();
        r.profile = f.profile();
        r.mem = f.mem();
        r.message = f.message();
        r.evidenceJson = f.evidenceJson();
        r.rank = rank;
        return r;
    }

    public Finding toFinding() {
        return new Finding(rule, Severity.fromWire(severity), ctx, seq, timeMicros, profile, mem, message, evidenceJson);
    }
}
