package dev.uffdtrace.collector.loop;

import java.util.ArrayList;
import java.util.List;

/**
 * The loop's own view of what is registered on its uffd, kept as the kernel changes it:
 * register adds (replacing overlaps), unregister and UNMAP remove (splitting), REMAP moves.
 * Small (a handful of ranges), so a list scanned linearly.
 */
public final class RegionTable {
    private final List<Region> regions = new ArrayList<>();

    public void add(Region r) {
        remove(r.start(), r.end());
        regions.add(r);
    }

    /** Removes {@code [start, end)}, keeping the parts of ranges outside it. */
    public void remove(long start, long end) {
        List<Region> kept = new ArrayList<>(regions.size() + 1);
        for (Region r : regions) {
            if (r.end() <= start || r.start() >= end) {
                kept.add(r);
                continue;
            }
            if (r.start() < start) {
                kept.add(r.slice(r.start(), start));
            }
            if (r.end() > end) {
                kept.add(r.slice(end, r.end()));
            }
        }
        regions.clear();
        regions.addAll(kept);
    }

    /** mremap moved {@code [from, from+len)} to {@code [to, to+len)}: what was there goes with it. */
    public void move(long from, long to, long len) {
        List<Region> moving = new ArrayList<>();
        for (Region r : regions) {
            long s = Math.max(r.start(), from);
            long e = Math.min(r.end(), from + len);
            if (s < e) {
                moving.add(r.slice(s, e).movedTo(to + (s - from)));
            }
        }
        remove(from, from + len);
        remove(to, to + len);
        regions.addAll(moving);
    }

    /** The range holding {@code addr}, or null. */
    public Region find(long addr) {
        for (Region r : regions) {
            if (r.contains(addr)) {
                return r;
            }
        }
        return null;
    }

    public List<Region> snapshot() {
        return List.copyOf(regions);
    }
}
