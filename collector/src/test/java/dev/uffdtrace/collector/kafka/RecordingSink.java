package dev.uffdtrace.collector.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.uffdtrace.analyzer.trace.DeadLetter;
import dev.uffdtrace.analyzer.trace.TraceEvent;
import dev.uffdtrace.analyzer.trace.TraceSink;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** Keeps what a reader sends, checking that each event follows its position. */
class RecordingSink implements TraceSink {
    final List<TraceEvent> events = new ArrayList<>();
    final List<String> sources = new ArrayList<>();
    final List<DeadLetter> deadLetters = new ArrayList<>();
    private String pending;

    @Override
    public void position(String source, long line) {
        assertThat(line).isZero();
        pending = source;
    }

    @Override
    public void event(TraceEvent e) {
        assertThat(pending).as("position before event").isNotNull();
        sources.add(pending);
        pending = null;
        events.add(e);
    }

    @Override
    public void deadLetter(DeadLetter d) {
        deadLetters.add(d);
    }

    List<Long> seqs(String ctx) {
        return events.stream().filter(e -> e.ctx().equals(ctx)).map(TraceEvent::seq).collect(Collectors.toList());
    }
}
