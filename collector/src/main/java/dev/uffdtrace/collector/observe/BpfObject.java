package dev.uffdtrace.collector.observe;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import dev.uffdtrace.collector.linux.Errno;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The observe BPF object, opened from the class path, loaded and attached. Checks what a host
 * needs in the order a person would fix it, each failure one line: the object in the build,
 * libbpf.so.1, kernel BTF, tracefs, the permission to load. Closing detaches everything.
 */
public final class BpfObject implements AutoCloseable {
    /** The resource the build's exec step writes (collector/src/main/bpf/build-bpf.sh). */
    static final String RESOURCE = "observe.bpf.o";
    static final Path BTF = Path.of("/sys/kernel/btf/vmlinux");
    private static final Path[] TRACEFS = {Path.of("/sys/kernel/tracing/events"),
        Path.of("/sys/kernel/debug/tracing/events")};

    static final String NOT_PERMITTED =
            "observe: not permitted to load BPF programs (run as root, or with CAP_BPF and CAP_PERFMON)";

    private final Libbpf lib;
    private final Pointer obj;
    private final Memory image;
    private final List<Pointer> links = new ArrayList<>();

    private BpfObject(Libbpf lib, Pointer obj, Memory image) {
        this.lib = lib;
        this.obj = obj;
        this.image = image;
    }

    /** The BPF object bytes from the class path; ObserveException when the build did not make it. */
    static byte[] objectBytes() throws ObserveException {
        try (InputStream in = BpfObject.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new ObserveException("observe: BPF object " + RESOURCE + " missing from the build"
                        + " (clang and libbpf-dev were not installed when it was built)");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new ObserveException("observe: cannot read BPF object " + RESOURCE + ": " + e.getMessage(), e);
        }
    }

    /** Why this host cannot observe (first reason), or null; does not need root. */
    public static String unavailableReason() {
        try {
            objectBytes();
            library();
            checkKernel();
            return null;
        } catch (ObserveException e) {
            return e.getMessage();
        }
    }

    static Libbpf library() throws ObserveException {
        try {
            return Libbpf.load();
        } catch (UnsatisfiedLinkError e) {
            throw new ObserveException("observe: libbpf.so.1 not found (install libbpf1)");
        }
    }

    private static void checkKernel() throws ObserveException {
        if (!Capabilities.current().mayTrace()) {
            throw new ObserveException(NOT_PERMITTED);
        }
        if (!Files.isReadable(BTF)) {
            throw new ObserveException("observe: kernel has no BTF (" + BTF + " missing; needs CONFIG_DEBUG_INFO_BTF)");
        }
        for (Path t : TRACEFS) {
            if (Files.isDirectory(t)) {
                return;
            }
        }
        throw new ObserveException("observe: tracefs not mounted (mount -t tracefs nodev /sys/kernel/tracing)");
    }

    /** Opens, loads and attaches every program of the object. */
    public static BpfObject loadAndAttach() throws ObserveException {
        byte[] bytes = objectBytes();
        Libbpf lib = library();
        checkKernel();
        lib.libbpf_set_print(null);
        Memory image = new Memory(bytes.length);
        image.write(0, bytes, 0, bytes.length);
        Pointer obj = lib.bpf_object__open_mem(image, bytes.length, null);
        if (obj == null) {
            throw new ObserveException("observe: libbpf cannot open " + RESOURCE + ": " + Errno.name(Native.getLastError()));
        }
        BpfObject o = new BpfObject(lib, obj, image);
        try {
            int err = lib.bpf_object__load(obj);
            if (err < 0) {
                throw new ObserveException(loadFailure(-err));
            }
            o.attachAll();
            return o;
        } catch (ObserveException e) {
            o.close();
            throw e;
        }
    }

    private static String loadFailure(int errno) {
        if (errno == Errno.EPERM || errno == Errno.EACCES) {
            return NOT_PERMITTED;
        }
        return "observe: the kernel refused the BPF object: " + Errno.name(errno);
    }

    private void attachAll() throws ObserveException {
        for (Pointer p = lib.bpf_object__next_program(obj, null); p != null; p = lib.bpf_object__next_program(obj, p)) {
            Pointer link = lib.bpf_program__attach(p);
            if (link == null) {
                int errno = Native.getLastError();
                throw new ObserveException("observe: cannot attach BPF program " + lib.bpf_program__name(p) + ": "
                        + Errno.name(errno));
            }
            links.add(link);
        }
    }

    /** The map called {@code name}. */
    public BpfMap map(String name) throws ObserveException {
        Pointer m = lib.bpf_object__find_map_by_name(obj, name);
        if (m == null) {
            throw new ObserveException("observe: BPF object has no map " + name);
        }
        return new BpfMap(lib, name, lib.bpf_map__fd(m), lib.bpf_map__max_entries(m));
    }

    @Override
    public void close() {
        for (Pointer l : links) {
            lib.bpf_link__destroy(l);
        }
        links.clear();
        lib.bpf_object__close(obj);
        image.close();
    }
}
