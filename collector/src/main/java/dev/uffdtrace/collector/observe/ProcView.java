package dev.uffdtrace.collector.observe;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * What user space reads from /proc about an observed process, after the record that asks for
 * it: the mapping behind a registered range (smaps), and a uffd's negotiated features (fdinfo).
 * An interface so the mapping from records to events is tested without live processes.
 */
interface ProcView {
    /** The mapping of process {@code pid} that holds {@code addr}, or null (gone, unmapped). */
    Vma mapping(int pid, long addr);

    /**
     * The features in effect on uffd {@code fd} of {@code pid}: the middle field of the
     * {@code API:\t<api>:<features>:<ioctls>} line of /proc/PID/fdinfo/FD (fs/userfaultfd.c,
     * userfaultfd_show_fdinfo), or -1 when unreadable.
     */
    long uffdFeatures(int pid, int fd);

    /** The features of an fdinfo text, -1 when it has no API line. Bit 31 (the kernel's INITIALIZED mark) is dropped. */
    static long featuresOf(List<String> fdinfo) {
        for (String line : fdinfo) {
            if (line.startsWith("API:")) {
                String[] f = line.substring(4).trim().split(":");
                if (f.length == 3) {
                    return Long.parseUnsignedLong(f[1], 16) & 0x7fff_ffffL;
                }
            }
        }
        return -1;
    }

    /** The live /proc. */
    static ProcView live() {
        return new ProcView() {
            @Override
            public Vma mapping(int pid, long addr) {
                try (Stream<String> lines = Files.lines(Path.of("/proc", Integer.toString(pid), "smaps"))) {
                    return Vma.find(lines.toList(), addr);
                } catch (IOException | UncheckedIOException e) {
                    return null;
                }
            }

            @Override
            public long uffdFeatures(int pid, int fd) {
                try {
                    return featuresOf(Files.readAllLines(Path.of("/proc", Integer.toString(pid), "fdinfo",
                            Integer.toString(fd))));
                } catch (IOException e) {
                    return -1;
                }
            }
        };
    }

    /** Whether {@code file}, as seen from process {@code pid}'s root, is on tmpfs. */
    static boolean onTmpfs(int pid, String file) {
        try {
            FileStore store = Files.getFileStore(Path.of("/proc", Integer.toString(pid), "root", file));
            return "tmpfs".equals(store.type());
        } catch (IOException e) {
            return false; // gone or unreadable: not known to be tmpfs, so a plain file
        }
    }
}
