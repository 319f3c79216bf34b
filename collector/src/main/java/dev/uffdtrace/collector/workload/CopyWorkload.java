package dev.uffdtrace.collector.workload;

import dev.uffdtrace.analyzer.trace.MemType;
import dev.uffdtrace.collector.linux.Fd;
import dev.uffdtrace.collector.linux.Mapping;
import dev.uffdtrace.collector.linux.Sys;
import dev.uffdtrace.collector.linux.Uapi;
import dev.uffdtrace.collector.loop.ResolvePolicy;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Anonymous MISSING memory restored from a snapshot file: the file is mapped read-only and each
 * faulting page is UFFDIO_COPYed from the same offset of the snapshot (the restore pattern of
 * VM snapshot loaders). Checks afterwards that every page holds the snapshot's bytes.
 */
public final class CopyWorkload extends FaultingWorkload {
    @Override
    public String name() {
        return "copy";
    }

    @Override
    Scenario setUp(WorkloadEnv env) throws Exception {
        long len = env.params().pages() * MemorySetups.PAGE;
        Path file = Files.createTempFile("uffdtrace-snapshot", ".img");
        try {
            writeSnapshot(file, env.params().pages());
            Mapping snapshot;
            try (Fd fd = new Fd(Sys.open(file.toString(), Uapi.O_RDONLY))) {
                snapshot = Mapping.map(len, Uapi.PROT_READ, Uapi.MAP_PRIVATE, fd.fd(), 0);
            }
            Mapping area;
            try {
                area = Mapping.anonymous(len, Uapi.MAP_PRIVATE);
            } catch (Exception e) {
                snapshot.close();
                throw e;
            }
            Scenario s;
            try {
                s = MemorySetups.register(env, area, MemType.ANON, MemorySetups.PAGE, Uapi.REGISTER_MODE_MISSING, 0,
                        ResolvePolicy.copyFrom((offset, pageSize) -> snapshot.address() + offset), false, name());
            } catch (Exception e) {
                snapshot.close();
                throw e;
            }
            s.own(snapshot);
            s.reset = () -> Sys.madvise(area.address(), len, Uapi.MADV_DONTNEED);
            s.verify = () -> {
                for (long p = 0; p < s.pages(); p++) {
                    if (area.readByte(p * MemorySetups.PAGE + 123) != MemorySetups.pattern(p)) {
                        throw new IllegalStateException("page " + p + " does not hold the snapshot's bytes");
                    }
                }
            };
            return s;
        } finally {
            Files.deleteIfExists(file); // the mapping keeps the pages; the name is not needed
        }
    }

    private static void writeSnapshot(Path file, int pages) throws java.io.IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ByteBuffer page = ByteBuffer.allocate((int) MemorySetups.PAGE);
            for (long p = 0; p < pages; p++) {
                page.clear();
                byte b = MemorySetups.pattern(p);
                while (page.hasRemaining()) {
                    page.put(b);
                }
                page.flip();
                while (page.hasRemaining()) {
                    ch.write(page);
                }
            }
        }
    }
}
