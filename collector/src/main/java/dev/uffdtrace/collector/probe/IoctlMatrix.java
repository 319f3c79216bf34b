package dev.uffdtrace.collector.probe;

import dev.uffdtrace.collector.linux.Mapping;
import dev.uffdtrace.collector.linux.NativeException;
import dev.uffdtrace.collector.linux.Uapi;
import dev.uffdtrace.collector.loop.UffdSession;

/**
 * Every range ioctl once on a freshly registered area, each on its own page so that none sees
 * another's effect (apart from COPY onto the page the first COPY filled):
 * <pre>
 * page 0 COPY, then COPY again (onto present)   page 4 CONTINUE (page cache filled if the kind has one)
 * page 1 COPY with MODE_WP                      page 5 CONTINUE with MODE_WP
 * page 2 ZEROPAGE                               page 6 POISON
 * page 3 WRITEPROTECT set, then clear           page 7 MOVE from a fresh anonymous page
 *                                               page 8 WAKE
 * </pre>
 * Nothing here touches the registered area: with SIGBUS negotiated a touch would kill the JVM.
 */
final class IoctlMatrix {
    static final int PAGES = 9;

    private IoctlMatrix() {
    }

    static void run(UffdSession s, ProbeArea a) throws NativeException {
        long ps = a.pageSize;
        try (Mapping src = Mapping.anonymous(ps, Uapi.MAP_PRIVATE)) {
            src.fill(0, ps, (byte) 0x33);
            s.copy(a.page(0), src.address(), ps, 0);
            s.copy(a.page(0), src.address(), ps, 0);
            s.copy(a.page(1), src.address(), ps, Uapi.COPY_MODE_WP);
        }
        s.zeropage(a.page(2), ps, 0);
        s.writeprotect(a.page(3), ps, Uapi.WRITEPROTECT_MODE_WP);
        s.writeprotect(a.page(3), ps, 0);
        s.continueRange(a.page(4), ps, 0);
        s.continueRange(a.page(5), ps, Uapi.CONTINUE_MODE_WP);
        s.poison(a.page(6), ps, 0);
        try (Mapping moveSrc = Mapping.anonymous(ps, Uapi.MAP_PRIVATE)) {
            moveSrc.fill(0, ps, (byte) 0x44);
            s.move(a.page(7), moveSrc.address(), ps, 0);
        }
        s.wake(a.page(8), ps);
    }
}
