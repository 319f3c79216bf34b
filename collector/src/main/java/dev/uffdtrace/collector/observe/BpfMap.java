package dev.uffdtrace.collector.observe;

import com.sun.jna.Memory;
import dev.uffdtrace.collector.linux.Errno;
import java.util.ArrayList;
import java.util.List;

/** One map of the loaded object, by fd: the few element calls user space makes, off the hot path. */
final class BpfMap {
    private final Libbpf lib;
    private final String name;
    private final int fd;
    private final int maxEntries;

    BpfMap(Libbpf lib, String name, int fd, int maxEntries) {
        this.lib = lib;
        this.name = name;
        this.fd = fd;
        this.maxEntries = maxEntries;
    }

    /** For a ring buffer: its size in bytes. */
    int maxEntries() {
        return maxEntries;
    }

    int fd() {
        return fd;
    }

    void update(Memory key, Memory value) throws ObserveException {
        int err = lib.bpf_map_update_elem(fd, key, value, 0);
        if (err < 0) {
            throw new ObserveException("observe: bpf_map_update_elem(" + name + "): " + Errno.name(-err));
        }
    }

    /** True when found (value filled). */
    boolean lookup(Memory key, Memory value) {
        return lib.bpf_map_lookup_elem(fd, key, value) == 0;
    }

    void delete(Memory key) {
        lib.bpf_map_delete_elem(fd, key);
    }

    /** Every u64 key of a hash map (a snapshot; keys may come and go meanwhile). */
    List<Long> longKeys() {
        List<Long> keys = new ArrayList<>();
        Memory cur = new Memory(8);
        Memory next = new Memory(8);
        Memory prev = null;
        while (lib.bpf_map_get_next_key(fd, prev, next) == 0) {
            long k = next.getLong(0);
            keys.add(k);
            cur.setLong(0, k);
            prev = cur;
        }
        return keys;
    }

    static Memory u64(long v) {
        Memory m = new Memory(8);
        m.setLong(0, v);
        return m;
    }
}
