package dev.uffdtrace.pipeline.function;

import dev.uffdtrace.pipeline.model.ContextSummary;
import dev.uffdtrace.pipeline.model.DeadLetterRecord;
import dev.uffdtrace.pipeline.model.LatencyRecord;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.util.OutputTag;

/** The side outputs of the job's functions. */
public final class Tags {
    public static final OutputTag<DeadLetterRecord> DEAD_LETTERS =
            new OutputTag<>("dead-letters", TypeInformation.of(DeadLetterRecord.class));
    public static final OutputTag<LatencyRecord> LATENCY =
            new OutputTag<>("latency", TypeInformation.of(LatencyRecord.class));
    public static final OutputTag<ContextSummary> SUMMARIES =
            new OutputTag<>("summaries", TypeInformation.of(ContextSummary.class));

    private Tags() {
    }
}
