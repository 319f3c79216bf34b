package dev.uffdtrace.pipeline.io;

import dev.uffdtrace.analyzer.trace.CtxPeek;
import dev.uffdtrace.analyzer.trace.InvalidRecordException;
import dev.uffdtrace.analyzer.trace.LineCursor;
import dev.uffdtrace.analyzer.trace.TraceJson;
import dev.uffdtrace.analyzer.trace.TraceReader;
import dev.uffdtrace.pipeline.model.RawRecord;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.zip.ZipException;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.core.fs.Path;
import org.apache.flink.core.io.InputStatus;

/**
 * Reads every line of every trace file and emits the records whose ctx this reader owns
 * ({@link CtxOwnership}), in file order: each ctx's records reach exactly one reader, in order, with no
 * shuffle. Deciding costs a peek at the ctx's bytes ({@link CtxPeek}); only the lines the peek cannot
 * answer are decoded here (and the owned ones again downstream, where they are validated).
 * A cut-off or corrupt .gz ends its file with a dead letter, as the direct reader does.
 */
final class OwnedLinesReader implements SourceReader<RawRecord, OwnedLinesSplit> {
    private static final int BATCH = 1024;

    private final List<Path> files;
    private final int parallelism;
    private final TraceJson json = new TraceJson();
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private OwnedLinesSplit split;
    private boolean noMoreSplits;
    private int file;
    private InputStream in;
    private LineCursor cursor;
    private long linesDone;

    OwnedLinesReader(List<Path> files, int parallelism) {
        this.files = files;
        this.parallelism = parallelism;
    }

    @Override
    public void start() {
    }

    @Override
    public InputStatus pollNext(ReaderOutput<RawRecord> output) throws Exception {
        if (split == null) {
            return noMoreSplits ? InputStatus.END_OF_INPUT : InputStatus.NOTHING_AVAILABLE;
        }
        for (int emitted = 0; emitted < BATCH; ) {
            if (cursor == null && !openNext()) {
                return InputStatus.END_OF_INPUT;
            }
            RawRecord r = nextOwned();
            if (r != null) {
                output.collect(r);
                emitted++;
            }
        }
        return InputStatus.MORE_AVAILABLE;
    }

    /** Opens the next file, skipping what a restored split had done; false after the last one. */
    private boolean openNext() throws IOException {
        if (file >= files.size()) {
            return false;
        }
        Path p = files.get(file);
        in = TraceReader.decompressed(p.getFileSystem().open(p));
        cursor = new LineCursor(in, TraceReader.MAX_LINE_BYTES);
        long skip = linesDone;
        linesDone = 0;
        while (linesDone < skip && cursor.next()) {
            linesDone++;
        }
        return true;
    }

    /** The next line if it is this reader's, null if it is not (or the file ended: then the cursor is closed). */
    private RawRecord nextOwned() throws IOException {
        boolean more;
        try {
            more = cursor.next();
        } catch (EOFException | ZipException e) {
            long line = linesDone + 1;
            endFile();
            return owns(CtxOwnership.ofPosition(file - 1, line, parallelism)) ? RawRecord.unreadable(file - 1, line,
                    TraceReader.cutOffReason(e)) : null;
        }
        if (!more) {
            endFile();
            return null;
        }
        linesDone = cursor.number();
        if (cursor.blank()) {
            return null;
        }
        return owns(ownerOfLine()) ? new RawRecord(file, linesDone, cursor.truncated(), cursor.copy()) : null;
    }

    private int ownerOfLine() {
        byte[] b = cursor.buffer();
        int off = cursor.offset();
        int len = cursor.length();
        if (!cursor.truncated()) {
            long ctx = CtxPeek.find(b, off, len);
            if (ctx != CtxPeek.UNKNOWN) {
                return CtxOwnership.ofBytes(b, (int) (ctx >>> 32), (int) ctx, parallelism);
            }
            try {
                return CtxOwnership.ofCtx(json.decode(b, off, len).ctx(), parallelism);
            } catch (InvalidRecordException invalid) {
                // no ctx to go by: its dead letter belongs to the reader its position names
            }
        }
        return CtxOwnership.ofPosition(file, linesDone, parallelism);
    }

    private boolean owns(int owner) {
        return owner == split.owner();
    }

    private void endFile() throws IOException {
        in.close();
        in = null;
        cursor = null;
        file++;
        linesDone = 0;
    }

    @Override
    public List<OwnedLinesSplit> snapshotState(long checkpointId) {
        return split == null ? List.of() : List.of(new OwnedLinesSplit(split.owner(), file, linesDone));
    }

    @Override
    public CompletableFuture<Void> isAvailable() {
        return ready;
    }

    @Override
    public void addSplits(List<OwnedLinesSplit> splits) {
        for (OwnedLinesSplit s : splits) {
            if (s.owner() >= parallelism) {
                throw new IllegalStateException("split of owner " + s.owner() + " at parallelism " + parallelism
                        + ": a replay of files cannot be restored at another parallelism");
            }
            split = s;
            file = s.file();
            linesDone = s.linesDone();
        }
        ready.complete(null);
    }

    @Override
    public void notifyNoMoreSplits() {
        noMoreSplits = true;
        ready.complete(null);
    }

    @Override
    public void close() throws IOException {
        if (in != null) {
            in.close();
        }
    }
}
