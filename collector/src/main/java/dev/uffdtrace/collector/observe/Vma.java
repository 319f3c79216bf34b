package dev.uffdtrace.collector.observe;

import dev.uffdtrace.analyzer.trace.MemType;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * One mapping of /proc/PID/smaps: its range, permissions ({@code rw-p}, {@code rw-s}), path
 * (empty for anonymous memory), KernelPageSize and VmFlags mnemonics ({@code ht} hugetlb,
 * {@code sh} shared, {@code dp} droppable).
 */
record Vma(long start, long end, String perms, String path, long kernelPageSize, Set<String> vmFlags) {

    boolean shared() {
        return perms.length() >= 4 && perms.charAt(3) == 's' || vmFlags.contains("sh");
    }

    /** The file name without the " (deleted)" the kernel appends to unlinked files. */
    String file() {
        return path.endsWith(" (deleted)") ? path.substring(0, path.length() - " (deleted)".length()) : path;
    }

    /**
     * The trace's memory type. {@code tmpfs} answers whether a file path lies on tmpfs (a tmpfs
     * file is shmem, TRACE-FORMAT "Names").
     */
    MemType memType(Predicate<String> tmpfs) {
        if (vmFlags.contains("ht")) {
            return shared() ? MemType.HUGETLB : MemType.HUGETLB_PRIVATE;
        }
        if (vmFlags.contains("dp")) {
            return MemType.DROPPABLE;
        }
        String f = file();
        if (f.contains("kvm-gmem")) {
            return MemType.GUEST_MEMFD;
        }
        boolean shmem = f.startsWith("/memfd:") || f.startsWith("/dev/zero") || f.startsWith("/SYSV")
                || f.startsWith("/dev/shm/");
        if (f.isEmpty() || f.startsWith("[")) {
            return shared() ? MemType.SHMEM : MemType.ANON;
        }
        if (!shmem && f.startsWith("/") && tmpfs.test(f)) {
            shmem = true;
        }
        if (shmem) {
            return shared() ? MemType.SHMEM : MemType.SHMEM_PRIVATE;
        }
        return f.startsWith("/") ? MemType.FILE : MemType.OTHER;
    }

    /** The mapping of {@code smaps} (the file's lines) holding {@code addr}, or null. */
    static Vma find(List<String> smaps, long addr) {
        Vma found = null;
        for (String line : smaps) {
            if (isHeader(line)) {
                if (found != null) {
                    return found;
                }
                found = containing(line, addr);
            } else if (found != null) {
                found = withField(found, line);
            }
        }
        return found;
    }

    private static boolean isHeader(String line) {
        int dash = line.indexOf('-');
        int space = line.indexOf(' ');
        return dash > 0 && space > dash && line.substring(0, dash).chars().allMatch(c -> Character.digit(c, 16) >= 0);
    }

    /** "start-end perms offset dev inode   path" when it holds addr; null otherwise. */
    private static Vma containing(String header, long addr) {
        String[] parts = header.trim().split("\\s+", 6);
        if (parts.length < 5) {
            return null;
        }
        String[] range = parts[0].split("-");
        long start = Long.parseUnsignedLong(range[0], 16);
        long end = Long.parseUnsignedLong(range[1], 16);
        if (Long.compareUnsigned(addr, start) < 0 || Long.compareUnsigned(addr, end) >= 0) {
            return null;
        }
        return new Vma(start, end, parts[1], parts.length == 6 ? parts[5].trim() : "", 4096, Set.of());
    }

    private static Vma withField(Vma v, String line) {
        if (line.startsWith("KernelPageSize:")) {
            String kb = line.substring("KernelPageSize:".length()).trim().split("\\s+")[0];
            return new Vma(v.start, v.end, v.perms, v.path, Long.parseLong(kb) * 1024, v.vmFlags);
        }
        if (line.startsWith("VmFlags:")) {
            Set<String> flags = Set.copyOf(Arrays.asList(line.substring("VmFlags:".length()).trim().split("\\s+")));
            return new Vma(v.start, v.end, v.perms, v.path, v.kernelPageSize, flags);
        }
        return v;
    }
}
