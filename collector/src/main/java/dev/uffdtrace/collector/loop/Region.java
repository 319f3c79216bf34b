package dev.uffdtrace.collector.loop;

import dev.uffdtrace.analyzer.trace.MemType;

/** A registered range as the loop knows it: where, what memory, its page size and REGISTER_MODE_* bits. */
public record Region(long start, long len, MemType mem, long pageSize, long modeBits, String label) {
    public Region {
        if (len <= 0) {
            throw new IllegalArgumentException("len: must be > 0, was " + len);
        }
        if (pageSize <= 0 || Long.bitCount(pageSize) != 1) {
            throw new IllegalArgumentException("pageSize: must be a power of two, was " + pageSize);
        }
    }

    public long end() {
        return start + len;
    }

    public boolean contains(long addr) {
        return addr >= start && addr < end();
    }

    Region slice(long from, long to) {
        return new Region(from, to - from, mem, pageSize, modeBits, label);
    }

    Region movedTo(long newStart) {
        return new Region(newStart, len, mem, pageSize, modeBits, label);
    }
}
