package dev.uffdtrace.collector.probe;

import dev.uffdtrace.collector.linux.ApiAnswer;
import dev.uffdtrace.collector.linux.HugePages;
import dev.uffdtrace.collector.linux.Kvm;
import dev.uffdtrace.collector.linux.NativeException;
import dev.uffdtrace.collector.linux.Uapi;
import dev.uffdtrace.collector.linux.Uffd;
import dev.uffdtrace.collector.loop.HostIdentity;
import dev.uffdtrace.collector.loop.UffdSession;
import dev.uffdtrace.collector.publish.EventOutbox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The capability matrix of the live kernel, as a trace. For every memory kind the machine offers
 * and each feature set (none, WP_ASYNC, everything the kernel supports) one uffd registers a fresh
 * area with each of the seven mode sets and, where that succeeds, runs {@link IoctlMatrix}; then
 * one more uffd per faultable kind records real faults ({@link FaultProbe}).
 *
 * <pre>{@code
 * try (EventOutbox out = new DirectOutbox(new JsonLinesPublisher(path))) {
 *     ProbeSummary s = new KernelProbe(HostIdentity.current(), out, null).run();
 * }
 * }</pre>
 */
public final class KernelProbe {
    private static final Logger LOG = LoggerFactory.getLogger(KernelProbe.class);
    /** M, W, MW, N, MN, WN, MWN as REGISTER_MODE_* bits. */
    static final long[] MODE_SETS = {1, 2, 3, 4, 5, 6, 7};

    private final HostIdentity host;
    private final EventOutbox outbox;
    private final Path fileDir;
    private int contexts;

    /** {@code fileDir}: where to put the disk-file kind's files; null to look for a disk directory. */
    public KernelProbe(HostIdentity host, EventOutbox outbox, Path fileDir) {
        this.host = host;
        this.outbox = outbox;
        this.fileDir = fileDir;
    }

    public ProbeSummary run() throws Exception {
        Map<String, String> skipped = new LinkedHashMap<>();
        List<String> probed = new ArrayList<>();
        long supported = supportedFeatures();
        long[] featureSets = {0, Uapi.FEATURE_WP_ASYNC, supported};
        Path dir = fileDir != null ? fileDir : MemoryKinds.diskDirectory(List.of(Path.of("/var/tmp"),
                Path.of("").toAbsolutePath(), Path.of(System.getProperty("user.home", "/")),
                Path.of(System.getProperty("java.io.tmpdir"))));
        if (dir == null) {
            skipped.put("disk-file", "no writable directory on a disk filesystem (all tmpfs/ramfs)");
        }
        Kvm kvm = openKvm(skipped);
        try {
            for (MemoryKind kind : MemoryKinds.all(dir, kvm)) {
                String why = unavailable(kind);
                if (why != null) {
                    skipped.put(kind.label(), why);
                    continue;
                }
                probed.add(kind.label());
                for (long features : featureSets) {
                    try (UffdSession s = open(features, supported)) {
                        if (s == null) {
                            continue;
                        }
                        for (long modes : MODE_SETS) {
                            matrix(s, kind, modes);
                        }
                    }
                }
                if (FaultProbe.applies(kind)) {
                    try (UffdSession s = open(0, supported)) {
                        FaultProbe.run(s, kind);
                    }
                }
            }
        } finally {
            if (kvm != null) {
                kvm.close();
            }
        }
        return new ProbeSummary(probed, skipped, contexts);
    }

    /**
     * A uffd with {@code features}, or null when the kernel refused a feature it does not support
     * (WP_ASYNC before 6.7): its failed open is in the trace, which is what that kernel does.
     */
    private UffdSession open(long features, long supported) throws NativeException {
        contexts++;
        UffdSession s = UffdSession.open(host, outbox, UffdSession.VIA_SYSCALL, features);
        if (!s.apiOk()) {
            s.close();
            if ((features & ~supported) != 0) {
                return null;
            }
            throw new NativeException("ioctl(UFFDIO_API) asking for " + Long.toHexString(features), s.api().errno());
        }
        return s;
    }

    private static void matrix(UffdSession s, MemoryKind kind, long modes) throws Exception {
        try (ProbeArea a = kind.factory().map(IoctlMatrix.PAGES)) {
            if (a.hasCache() && kind.touchable()) {
                a.populateCache(4);
                a.populateCache(5);
            }
            if (s.register(a.area.address(), a.area.length(), kind.mem(), a.pageSize, modes, kind.label()).ok()) {
                IoctlMatrix.run(s, a);
                s.unregister(a.area.address(), a.area.length());
            }
        }
    }

    /** The features UFFDIO_API reports on a scratch uffd (not recorded: it only sizes the "all" set). */
    private static long supportedFeatures() throws NativeException {
        try (Uffd u = Uffd.viaSyscall()) {
            ApiAnswer a = u.api(0);
            if (!a.ok()) {
                throw new NativeException("ioctl(UFFDIO_API)", a.errno());
            }
            return a.features();
        }
    }

    private static Kvm openKvm(Map<String, String> skipped) {
        if (!Files.isWritable(Path.of("/dev/kvm"))) {
            skipped.put("guest_memfd", "no writable /dev/kvm");
            return null;
        }
        try {
            return Kvm.open();
        } catch (NativeException e) {
            skipped.put("guest_memfd", e.getMessage());
            return null;
        }
    }

    /** Why {@code kind} cannot be probed here (null when it can): mapping it once tells. */
    private static String unavailable(MemoryKind kind) {
        try {
            if (kind.pageSize() > MemoryKinds.PAGE) {
                long free = HugePages.free();
                if (free < IoctlMatrix.PAGES) {
                    return "needs " + IoctlMatrix.PAGES + " free huge pages, " + free + " free";
                }
            }
            kind.factory().map(IoctlMatrix.PAGES).close();
            return null;
        } catch (NativeException e) {
            LOG.info("memory kind {} is not available: {}", kind.label(), e.getMessage());
            return e.getMessage();
        } catch (Exception e) {
            return e.toString();
        }
    }
}
