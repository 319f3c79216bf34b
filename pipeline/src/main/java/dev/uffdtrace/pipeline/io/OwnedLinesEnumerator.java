package dev.uffdtrace.pipeline.io;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;

/**
 * Gives each reader the split of its own index, once: reader i owns share i of the ctxs. A split
 * given back (its reader failed before a checkpoint took its progress) is handed out again from the
 * start when that reader registers anew. State: the owners whose split is out.
 */
final class OwnedLinesEnumerator implements SplitEnumerator<OwnedLinesSplit, Set<Integer>> {
    private final SplitEnumeratorContext<OwnedLinesSplit> context;
    private final Set<Integer> assigned;

    OwnedLinesEnumerator(SplitEnumeratorContext<OwnedLinesSplit> context, Set<Integer> assigned) {
        this.context = context;
        this.assigned = new TreeSet<>(assigned);
    }

    @Override
    public void start() {
    }

    @Override
    public void handleSplitRequest(int subtaskId, String requesterHostname) {
    }

    @Override
    public void addSplitsBack(List<OwnedLinesSplit> splits, int subtaskId) {
        splits.forEach(s -> assigned.remove(s.owner()));
    }

    @Override
    public void addReader(int subtaskId) {
        if (assigned.add(subtaskId)) {
            context.assignSplit(new OwnedLinesSplit(subtaskId, 0, 0), subtaskId);
        }
        context.signalNoMoreSplits(subtaskId);
    }

    @Override
    public Set<Integer> snapshotState(long checkpointId) {
        return new TreeSet<>(assigned);
    }

    @Override
    public void close() {
    }
}
