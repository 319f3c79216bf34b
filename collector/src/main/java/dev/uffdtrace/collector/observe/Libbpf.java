package dev.uffdtrace.collector.observe;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

/**
 * The libbpf 1.x calls observe makes (libbpf.so.1, bpf/libbpf.h and bpf/bpf.h). Pointers to
 * libbpf's opaque objects are plain {@link Pointer}s. Calls returning int give a negative errno;
 * calls returning a pointer give NULL and set errno. None of these is on the hot path: records
 * are read from the ring buffer's own mapping (see {@link RingBuffer}).
 */
interface Libbpf extends Library {
    /** Loaded on first use; {@link UnsatisfiedLinkError} when libbpf.so.1 is not installed. */
    static Libbpf load() {
        return Native.load("libbpf.so.1", Libbpf.class);
    }

    /** libbpf_set_print(NULL): no diagnostics on stderr (observe prints its own one-line errors). */
    Pointer libbpf_set_print(Pointer fn);

    Pointer bpf_object__open_mem(Pointer objBuf, long objBufSize, Pointer opts);

    int bpf_object__load(Pointer obj);

    void bpf_object__close(Pointer obj);

    Pointer bpf_object__next_program(Pointer obj, Pointer prev);

    String bpf_program__name(Pointer prog);

    Pointer bpf_program__attach(Pointer prog);

    int bpf_link__destroy(Pointer link);

    Pointer bpf_object__find_map_by_name(Pointer obj, String name);

    int bpf_map__fd(Pointer map);

    int bpf_map__max_entries(Pointer map);

    int bpf_map_update_elem(int fd, Pointer key, Pointer value, long flags);

    int bpf_map_lookup_elem(int fd, Pointer key, Pointer value);

    int bpf_map_delete_elem(int fd, Pointer key);

    int bpf_map_get_next_key(int fd, Pointer key, Pointer nextKey);
}
