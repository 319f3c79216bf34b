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
import org.apache.flink.api.common.TaskInfo;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Decodes each raw record with the analyzer's codec: a valid event goes on keyed by its ctx, an
 * invalid one becomes a dead letter (reason and original text) on {@link Tags#DEAD_LETTERS}.
 * The key is a hash of the ctx for a job that shuffles by key, or, for a replay whose readers own
 * their ctxs ({@code localKeys}), a key Flink routes to this very instance ({@link LocalKeys}), so
 * that the keyed replay runs chained here and takes the decoded event without decoding it again.
 */
public final class ValidateFunction extends ProcessFunction<RawRecord, TraceRecord> {
    private static final long serialVersionUID = 1L;

    private final SourceNames names;
    private final boolean localKeys;
    private transient TraceJson json;
    private transient LocalKeys keys;

    /** A validation that keys each event by a hash of its ctx, for a shuffle by key. */
    public ValidateFunction(SourceNames names) {
        this(names, false);
    }

    public ValidateFunction(SourceNames names, boolean localKeys) {
        this.names = names;
        this.localKeys = localKeys;
    }

    @Override
    public void open(OpenContext openContext) {
        json = new TraceJson();
        if (localKeys) {
            TaskInfo task = getRuntimeContext().getTaskInfo();
            keys = new LocalKeys(task.getMaxNumberOfParallelSubtasks(), task.getNumberOfParallelSubtasks(),
                    task.getIndexOfThisSubtask());
        }
    }

    @Override
    public void processElement(RawRecord r, Context ctx, Collector<TraceRecord> out) {
        if (r.unreadable != null) {
            ctx.output(Tags.DEAD_LETTERS, deadLetter(r, r.unreadable));
            return;
        }
        if (r.truncated) {
            ctx.output(Tags.DEAD_LETTERS, deadLetter(r, "longer than " + TraceReader.MAX_LINE_BYTES + " bytes"));
            return;
        }
        try {
            TraceEvent e = json.decode(r.bytes, 0, r.bytes.length);
            long key = keys != null ? keys.keyOf(e.ctx()) : TraceRecord.keyOf(e.ctx());
            TraceRecord valid = new TraceRecord(e.ctx(), key, e.timeMicros(), names.order(r.origin, r.position),
                    r.origin, r.position, r.bytes);
            if (keys != null) {
                valid.event = e; // chained to the replay: it takes the event as decoded here
            }
            out.collect(valid);
        } catch (InvalidRecordException e) {
            ctx.output(Tags.DEAD_LETTERS, deadLetter(r, e.getMessage()));
        }
    }

    private DeadLetterRecord deadLetter(RawRecord r, String reason) {
        return new DeadLetterRecord(r.origin, r.position, new DeadLetter(names.source(r.origin, r.position),
                names.line(r.position), names.reason(r.position, reason), DeadLetter.rawText(r.bytes, 0, r.bytes.length)));
    }
}
