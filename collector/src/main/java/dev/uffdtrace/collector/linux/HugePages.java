package dev.uffdtrace.collector.linux;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** How many default-size (2 MiB on x86_64) huge pages are free, from /proc/meminfo. */
public final class HugePages {
    private static final String FREE = "HugePages_Free:";

    private HugePages() {
    }

    public static long free() throws IOException {
        return parseFree(Files.readAllLines(Path.of("/proc/meminfo")));
    }

    /** The {@code HugePages_Free:} count of meminfo's lines; 0 when the line is absent (no hugetlb). */
    static long parseFree(List<String> meminfo) {
        for (String line : meminfo) {
            if (line.startsWith(FREE)) {
                return Long.parseLong(line.substring(FREE.length()).trim());
            }
        }
        return 0;
    }
}
