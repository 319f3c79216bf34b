package dev.uffdtrace.collector.probe;

import dev.uffdtrace.analyzer.trace.MemType;
import dev.uffdtrace.collector.linux.Fd;
import dev.uffdtrace.collector.linux.Kvm;
import dev.uffdtrace.collector.linux.Mapping;
import dev.uffdtrace.collector.linux.NativeException;
import dev.uffdtrace.collector.linux.Sys;
import dev.uffdtrace.collector.linux.Uapi;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The memory kinds of the capability matrix, and how each is mapped. */
final class MemoryKinds {
    static final long PAGE = 4096;
    static final long HUGE = 2L << 20;

    private MemoryKinds() {
    }

    /** Every kind; those that need something this machine may lack are checked by the probe. */
    static List<MemoryKind> all(Path fileDir, Kvm kvm) {
        List<MemoryKind> kinds = new ArrayList<>();
        kinds.add(new MemoryKind("anon", MemType.ANON, PAGE, true,
                pages -> new ProbeArea(Mapping.anonymous(pages * PAGE, Uapi.MAP_PRIVATE), PAGE, null, ProbeArea.Cache.NONE)));
        kinds.add(new MemoryKind("anon-shared", MemType.SHMEM, PAGE, true,
                pages -> new ProbeArea(Mapping.anonymous(pages * PAGE, Uapi.MAP_SHARED), PAGE, null,
                        ProbeArea.Cache.WRITE_AND_ZAP)));
        kinds.add(new MemoryKind("memfd", MemType.SHMEM, PAGE, true, pages -> memfd(pages, PAGE, 0, Uapi.MAP_SHARED)));
        kinds.add(new MemoryKind("memfd-private", MemType.SHMEM_PRIVATE, PAGE, true,
                pages -> memfd(pages, PAGE, 0, Uapi.MAP_PRIVATE)));
        kinds.add(new MemoryKind("memfd-hugetlb", MemType.HUGETLB, HUGE, true,
                pages -> memfd(pages, HUGE, Uapi.MFD_HUGETLB, Uapi.MAP_SHARED)));
        kinds.add(new MemoryKind("hugetlb-anon-private", MemType.HUGETLB_PRIVATE, HUGE, true,
                pages -> new ProbeArea(Mapping.anonymous(pages * HUGE, Uapi.MAP_PRIVATE | Uapi.MAP_HUGETLB
                        | (21 << Uapi.MAP_HUGE_SHIFT)), HUGE, null, ProbeArea.Cache.NONE)));
        if (fileDir != null) {
            kinds.add(new MemoryKind("disk-file", MemType.FILE, PAGE, true, pages -> diskFile(fileDir, pages)));
        }
        if (kvm != null) {
            kinds.add(new MemoryKind("guest_memfd", MemType.GUEST_MEMFD, PAGE, false,
                    pages -> guestMemfd(kvm, pages, Uapi.GUEST_MEMFD_FLAG_MMAP)));
            kinds.add(new MemoryKind("guest_memfd-init-shared", MemType.GUEST_MEMFD, PAGE, true,
                    pages -> guestMemfd(kvm, pages, Uapi.GUEST_MEMFD_FLAG_MMAP | Uapi.GUEST_MEMFD_FLAG_INIT_SHARED)));
        }
        kinds.add(new MemoryKind("droppable", MemType.DROPPABLE, PAGE, true,
                pages -> new ProbeArea(Mapping.anonymous(pages * PAGE, Uapi.MAP_DROPPABLE), PAGE, null,
                        ProbeArea.Cache.NONE)));
        return kinds;
    }

    private static ProbeArea memfd(int pages, long pageSize, int memfdFlags, int mapFlags) throws NativeException {
        Fd fd = Fd.memfd("uffdtrace-probe", pages * pageSize, memfdFlags);
        try {
            return new ProbeArea(Mapping.file(fd, pages * pageSize, mapFlags), pageSize, fd,
                    ProbeArea.Cache.SECOND_MAPPING);
        } catch (NativeException e) {
            fd.close();
            throw e;
        }
    }

    private static ProbeArea diskFile(Path dir, int pages) throws Exception {
        Path file = Files.createTempFile(dir, "uffdtrace-probe", ".bin");
        try {
            Fd fd = Fd.regularFile(file.toString(), pages * PAGE);
            try {
                return new ProbeArea(Mapping.file(fd, pages * PAGE, Uapi.MAP_SHARED), PAGE, fd,
                        ProbeArea.Cache.SECOND_MAPPING);
            } catch (NativeException e) {
                fd.close();
                throw e;
            }
        } finally {
            Files.deleteIfExists(file); // the open fd and mapping keep the inode
        }
    }

    private static ProbeArea guestMemfd(Kvm kvm, int pages, long flags) throws NativeException {
        Fd fd = kvm.createGuestMemfd(pages * PAGE, flags);
        try {
            // guest_memfd refuses private mappings; its page cache is not filled from the host here
            return new ProbeArea(Mapping.file(fd, pages * PAGE, Uapi.MAP_SHARED), PAGE, fd, ProbeArea.Cache.NONE);
        } catch (NativeException e) {
            fd.close();
            throw e;
        }
    }

    private static final Map<Long, String> MEMORY_FILESYSTEMS = Map.of(
            Uapi.TMPFS_MAGIC, "tmpfs", Uapi.RAMFS_MAGIC, "ramfs", Uapi.HUGETLBFS_MAGIC, "hugetlbfs");

    /**
     * The first writable directory of {@code candidates} on a disk filesystem (statfs magic not
     * tmpfs, ramfs or hugetlbfs), or null: files there are page cache of a real filesystem.
     */
    static Path diskDirectory(List<Path> candidates) {
        for (Path p : candidates) {
            if (p == null || !Files.isDirectory(p) || !Files.isWritable(p)) {
                continue;
            }
            try {
                if (!MEMORY_FILESYSTEMS.containsKey(Sys.filesystemMagic(p.toString()))) {
                    return p;
                }
            } catch (NativeException e) {
                // not usable: try the next one
            }
        }
        return null;
    }
}
