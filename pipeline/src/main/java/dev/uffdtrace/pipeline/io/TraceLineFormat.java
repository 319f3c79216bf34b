package dev.uffdtrace.pipeline.io;

import dev.uffdtrace.analyzer.trace.LineCursor;
import dev.uffdtrace.analyzer.trace.TraceReader;
import dev.uffdtrace.pipeline.model.RawRecord;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.ArrayResultIterator;
import org.apache.flink.connector.file.src.util.CheckpointedPosition;
import org.apache.flink.core.fs.Path;

/**
 * Trace files ({@code .jsonl}, gzip recognised by its magic bytes) for Flink's {@code FileSource}: one
 * {@link RawRecord} per non-blank line, carrying the file's index in the list it was built with and
 * the line number. Files are not split; a restored reader skips the records it had already emitted.
 */
public final class TraceLineFormat implements BulkFormat<RawRecord, FileSourceSplit> {
    private static final long serialVersionUID = 1L;
    private static final int BATCH = 512;

    private final Map<String, Integer> indexByPath = new HashMap<>();

    /** @param paths the files, as {@code Path.getPath()} gives them, in the order their index names them */
    public TraceLineFormat(List<Path> paths) {
        for (int i = 0; i < paths.size(); i++) {
            indexByPath.putIfAbsent(paths.get(i).getPath(), i);
        }
    }

    @Override
    public Reader<RawRecord> createReader(Configuration config, FileSourceSplit split) throws IOException {
        return new LineReader(split, 0);
    }

    @Override
    public Reader<RawRecord> restoreReader(Configuration config, FileSourceSplit split) throws IOException {
        long emitted = split.getReaderPosition().map(CheckpointedPosition::getRecordsAfterOffset).orElse(0L);
        return new LineReader(split, emitted);
    }

    @Override
    public boolean isSplittable() {
        return false;
    }

    @Override
    public TypeInformation<RawRecord> getProducedType() {
        return TypeInformation.of(RawRecord.class);
    }

    private final class LineReader implements Reader<RawRecord> {
        private final InputStream in;
        private final LineCursor cursor;
        private final int origin;
        private long emitted;
        private boolean ended;

        LineReader(FileSourceSplit split, long alreadyEmitted) throws IOException {
            Integer index = indexByPath.get(split.path().getPath());
            if (index == null) {
                throw new IOException("not one of this replay's trace files: " + split.path());
            }
            this.origin = index;
            this.in = TraceReader.decompressed(split.path().getFileSystem().open(split.path()));
            this.cursor = new LineCursor(in, TraceReader.MAX_LINE_BYTES);
            for (long n = 0; n < alreadyEmitted && nextRecord() != null; n++) {
                emitted++;
            }
        }

        private RawRecord nextRecord() throws IOException {
            while (!ended) {
                try {
                    if (!cursor.next()) {
                        ended = true;
                    } else if (!cursor.blank()) {
                        return new RawRecord(origin, cursor.number(), cursor.truncated(), cursor.copy());
                    }
                } catch (EOFException | ZipException e) {
                    // a cut-off or corrupt .gz: what was read stands, the rest is one dead letter
                    ended = true;
                    return RawRecord.unreadable(origin, cursor.number() + 1, TraceReader.cutOffReason(e));
                }
            }
            return null;
        }

        @Override
        public RecordIterator<RawRecord> readBatch() throws IOException {
            RawRecord[] batch = new RawRecord[BATCH];
            int n = 0;
            RawRecord r;
            while (n < BATCH && (r = nextRecord()) != null) {
                batch[n++] = r;
            }
            if (n == 0) {
                return null;
            }
            ArrayResultIterator<RawRecord> it = new ArrayResultIterator<>();
            it.set(batch, n, CheckpointedPosition.NO_OFFSET, emitted);
            emitted += n;
            return it;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
