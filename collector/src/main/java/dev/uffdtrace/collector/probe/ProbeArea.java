package dev.uffdtrace.collector.probe;

import dev.uffdtrace.collector.linux.Fd;
import dev.uffdtrace.collector.linux.Mapping;
import dev.uffdtrace.collector.linux.NativeException;
import dev.uffdtrace.collector.linux.Sys;
import dev.uffdtrace.collector.linux.Uapi;

/**
 * A fresh mapping of one memory kind, with what backs it (a memfd, file or guest_memfd, or
 * nothing for anonymous memory), so pages can be put in its page cache without mapping them here.
 */
final class ProbeArea implements AutoCloseable {
    /** How a kind's page cache can be filled: not at all, through a second shared mapping, or write-then-zap. */
    enum Cache {
        NONE,
        SECOND_MAPPING,
        WRITE_AND_ZAP
    }

    final Mapping area;
    final long pageSize;
    private final Fd backing;
    private final Cache cache;

    ProbeArea(Mapping area, long pageSize, Fd backing, Cache cache) {
        this.area = area;
        this.pageSize = pageSize;
        this.backing = backing;
        this.cache = cache;
    }

    long page(int i) {
        return area.address() + i * pageSize;
    }

    boolean hasCache() {
        return cache != Cache.NONE;
    }

    /**
     * Puts page {@code i} in the page cache, unmapped in {@link #area}. Call before registering:
     * with EVENT_REMOVE negotiated, the MADV_DONTNEED here would wait for a handler.
     */
    void populateCache(int i) throws NativeException {
        long off = i * pageSize;
        switch (cache) {
            case SECOND_MAPPING -> {
                try (Mapping fill = Mapping.file(backing, area.length(), Uapi.MAP_SHARED)) {
                    fill.writeByte(off, (byte) 0x42);
                }
            }
            case WRITE_AND_ZAP -> {
                area.writeByte(off, (byte) 0x42);
                Sys.madvise(page(i), pageSize, Uapi.MADV_DONTNEED);
            }
            case NONE -> throw new IllegalStateException("this memory kind has no page cache");
        }
    }

    @Override
    public void close() throws NativeException {
        try {
            area.close();
        } finally {
            if (backing != null) {
                backing.close();
            }
        }
    }
}
