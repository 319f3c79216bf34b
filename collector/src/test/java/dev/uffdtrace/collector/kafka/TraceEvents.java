package dev.uffdtrace.collector.kafka;

import dev.uffdtrace.analyzer.trace.Envelope;
import dev.uffdtrace.analyzer.trace.FaultEvent;
import dev.uffdtrace.analyzer.trace.TraceEvent;
import java.util.List;

/** Small, valid events for transport tests: what they say does not matter, their ctx and seq do. */
final class TraceEvents {
    static final long T0_MICROS = 1_790_000_000_000_000L;

    private TraceEvents() {
    }

    static TraceEvent fault(String ctx, long seq) {
        return new FaultEvent(new Envelope(ctx, seq, 1_000_000 + seq * 1_000, T0_MICROS + seq), 0x7f00_0000_0000L + seq * 4096,
                List.of(FaultEvent.FLAG_WRITE), null);
    }
}
