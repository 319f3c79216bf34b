package dev.uffdtrace.pipeline.function;

import dev.uffdtrace.analyzer.rules.Severity;
import dev.uffdtrace.pipeline.io.OutputJson;
import dev.uffdtrace.pipeline.model.AlertRecord;
import dev.uffdtrace.pipeline.model.FindingRecord;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Findings at or above a severity, each as an alert of count 1 with the op its evidence names,
 * ready to be deduplicated by {@link AlertFunction}.
 */
public final class AlertCandidates extends ProcessFunction<FindingRecord, AlertRecord> {
    private static final long serialVersionUID = 1L;

    private final Severity minimum;

    public AlertCandidates(Severity minimum) {
        this.minimum = minimum;
    }

    /** The deduplication key: ctx, rule, mem and op. */
    public static String key(AlertRecord a) {
        return a.ctx + '\u0000' + a.rule + '\u0000' + a.mem + '\u0000' + a.op;
    }

    @Override
    public void processElement(FindingRecord f, Context ctx, Collector<AlertRecord> out) {
        if (Severity.fromWire(f.severity).compareTo(minimum) > 0) {
            return;
        }
        AlertRecord a = new AlertRecord();
        a.ctx = f.ctx;
        a.rule = f.rule;
        a.severity = f.severity;
        a.mem = f.mem == null ? "" : f.mem;
        a.op = OutputJson.evidenceOp(f.evidenceJson);
        a.profile = f.profile;
        a.message = f.message;
        a.count = 1;
        a.firstSeq = f.seq;
        a.firstTimeMicros = f.timeMicros;
        a.lastSeq = f.seq;
        a.lastTimeMicros = f.timeMicros;
        out.collect(a);
    }
}
