package dev.uffdtrace.pipeline.io;

import dev.uffdtrace.pipeline.model.RawRecord;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.core.fs.Path;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * Trace files for a replay whose readers own their ctxs: every reader reads every file and keeps the
 * lines of its own ctxs (by a hash of the ctx, {@link CtxOwnership}), so the keyed replay can be chained
 * to its reader instead of behind a shuffle and a sort. Reading a file P times is cheap next to what a
 * shuffle costs per record (serialize, copy, sort, deserialize). A record's {@code origin} is its file's
 * index in the list, its {@code position} its line number.
 */
public final class OwnedLinesSource implements Source<RawRecord, OwnedLinesSplit, Set<Integer>>,
        ResultTypeQueryable<RawRecord> {
    private static final long serialVersionUID = 1L;

    private final List<String> files;

    /** @param files the files, in the order a record's {@code origin} indexes them */
    public OwnedLinesSource(List<Path> files) {
        this.files = files.stream().map(Path::toString).toList();
    }

    @Override
    public Boundedness getBoundedness() {
        return Boundedness.BOUNDED;
    }

    @Override
    public SourceReader<RawRecord, OwnedLinesSplit> createReader(SourceReaderContext context) {
        return new OwnedLinesReader(files.stream().map(Path::new).toList(), context.currentParallelism());
    }

    @Override
    public SplitEnumerator<OwnedLinesSplit, Set<Integer>> createEnumerator(SplitEnumeratorContext<OwnedLinesSplit> context) {
        return new OwnedLinesEnumerator(context, Set.of());
    }

    @Override
    public SplitEnumerator<OwnedLinesSplit, Set<Integer>> restoreEnumerator(
            SplitEnumeratorContext<OwnedLinesSplit> context, Set<Integer> assigned) {
        return new OwnedLinesEnumerator(context, assigned);
    }

    @Override
    public SimpleVersionedSerializer<OwnedLinesSplit> getSplitSerializer() {
        return OwnedLinesSplit.SERIALIZER;
    }

    @Override
    public SimpleVersionedSerializer<Set<Integer>> getEnumeratorCheckpointSerializer() {
        return new SimpleVersionedSerializer<>() {
            @Override
            public int getVersion() {
                return 1;
            }

            @Override
            public byte[] serialize(Set<Integer> owners) throws IOException {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                try (DataOutputStream out = new DataOutputStream(bytes)) {
                    out.writeInt(owners.size());
                    for (int o : owners) {
                        out.writeInt(o);
                    }
                }
                return bytes.toByteArray();
            }

            @Override
            public Set<Integer> deserialize(int version, byte[] serialized) throws IOException {
                try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
                    Set<Integer> owners = new TreeSet<>();
                    for (int n = in.readInt(); n > 0; n--) {
                        owners.add(in.readInt());
                    }
                    return owners;
                }
            }
        };
    }

    @Override
    public TypeInformation<RawRecord> getProducedType() {
        return TypeInformation.of(RawRecord.class);
    }
}
