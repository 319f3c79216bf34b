package dev.uffdtrace.pipeline.function;

import dev.uffdtrace.analyzer.trace.DeadLetter;
import dev.uffdtrace.analyzer.trace.InvalidRecordException;
import dev.uffdtrace.analyzer.trace.TraceEvent;
import dev.uffdtrace.analyzer.trace.TraceJson;
import dev.uffdtrace.analyzer.trace.TraceReader;
import dev.uffdtrace.pipeline.io.SourceNames;
import dev.uffdtrace.pipeline.model.DeadLetterRecord;
import dev.uffdtrace.pipeline.model.RawRecord;
import dev.uffdtrace.pipeline.model.TraceRecord;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Decodes each raw record with the analyzer's codec: a valid event goes on keyed by its ctx, an
 * invalid one becomes a dead letter (reason and original text) on {@link Tags#DEAD_LETTERS}.
 */
public final class ValidateFunction extends ProcessFunction<RawRecord, TraceRecord> {
    private static final long serialVersionUID = 1L;

    private final SourceNames names;
    private transient TraceJson json;

    public ValidateFunction(SourceNames names) {
        this.names = names;
    }

    @Override
    public void open(OpenContext openContext) {
        json = new TraceJson();
    }

    @Override
    public void processElement(RawRecord r, Context ctx, Collector<TraceRecord> out) {
        if (r.truncated) {
            ctx.output(Tags.DEAD_LETTERS, deadLetter(r, "longer than " + TraceReader.MAX_LINE_BYTES + " bytes"));
            return;
        }
        try {
            TraceEvent e = json.decode(r.bytes, 0, r.bytes.length);
            out.collect(new TraceRecord(e.ctx(), e.timeMicros(), names.order(r.origin, r.position), r.origin,
                    r.position, r.bytes));
        } catch (InvalidRecordException e) {
            ctx.output(Tags.DEAD_LETTERS, deadLetter(r, e.getMessage()));
        }
    }

    private DeadLetterRecord deadLetter(RawRecord r, String reason) {
        return new DeadLetterRecord(r.origin, r.position, new DeadLetter(names.source(r.origin, r.position),
                names.line(r.position), names.reason(r.position, reason), DeadLetter.rawText(r.bytes, 0, r.bytes.length)));
    }
}
