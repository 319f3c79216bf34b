package dev.uffdtrace.collector.observe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.uffdtrace.analyzer.trace.CloseEvent;
import dev.uffdtrace.analyzer.trace.FaultEvent;
import dev.uffdtrace.analyzer.trace.IoctlEvent;
import dev.uffdtrace.analyzer.trace.LossEvent;
import dev.uffdtrace.analyzer.trace.MemType;
import dev.uffdtrace.analyzer.trace.OpenEvent;
import dev.uffdtrace.analyzer.trace.RegisterEvent;
import dev.uffdtrace.analyzer.trace.TraceEvent;
import dev.uffdtrace.analyzer.trace.UffdMessageEvent;
import dev.uffdtrace.collector.loop.HostIdentity;
import dev.uffdtrace.collector.publish.EventOutbox;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Records in, trace events out: the mapping without a kernel. */
class TraceMapperTest {
    private static final int OWNER = 100;
    private static final int HANDLER = 200;
    private static final long AREA = 0x7f0000000000L;
    private static final long FEATURES_ALL = 0x1ffff;

    private final List<TraceEvent> events = new ArrayList<>();
    private final EventOutbox outbox = new EventOutbox() {
        @Override
        public boolean offer(TraceEvent event) {
            return events.add(event);
        }

        @Override
        public void put(TraceEvent event) {
            events.add(event);
        }

        @Override
        public void close() {
        }
    };
    private final ProcView noProc = new ProcView() {
        @Override
        public Vma mapping(int pid, long addr) {
            return null;
        }

        @Override
        public long uffdFeatures(int pid, int fd) {
            return 0x100; // THREAD_ID
        }
    };

    private TraceMapper mapper(int pid) {
        return new TraceMapper(new HostIdentity("h", 1, "6.18.44", "boot"), outbox, pid, noProc, FEATURES_ALL);
    }

    private static void feed(TraceMapper m, Records... records) throws InterruptedException {
        for (Records r : records) {
            m.accept(r.decode());
        }
    }

    private static Records created(int tgid, int fd, long ctx) {
        return Records.of(1, tgid, fd, ctx, 10).a(ObsRecord.VIA_SYSCALL).ret(fd);
    }

    private static Records api(int tgid, int fd, long ctx, long asked) {
        return Records.of(2, tgid, fd, ctx, 20).a(0xc018aa3fL).b(asked).data(0, 0xaa, FEATURES_ALL, 0x8000000000000003L);
    }

    private static Records register(int tgid, int fd, long ctx) {
        return Records.of(2, tgid, fd, ctx, 30).a(0xc020aa00L).data(0, AREA, 0x4000, 1, 0x13c)
                .data(5, 0x73, 0, 0); // obs_vma: private, no file
    }

    private static Records fault(int tgid, int fd, long ctx, long addr, long ts) {
        return Records.of(3, tgid, fd, ctx, ts).b(1).ret(32).dataByte(0, 0x12).data(2, addr);
    }

    private static Records zeropage(int tgid, int fd, long ctx, long addr, long ts) {
        return Records.of(2, tgid, fd, ctx, ts).a(0xc020aa04L).dur(900).data(0, addr, 0x1000, 0, 0x1000);
    }

    @Test
    void aHandlerSessionBecomesAValidTrace() throws Exception {
        TraceMapper m = mapper(0);
        feed(m, created(OWNER, 5, 1), api(OWNER, 5, 1, 0x100), register(OWNER, 5, 1),
                fault(OWNER, 5, 1, AREA + 0x1000, 40), zeropage(OWNER, 5, 1, AREA + 0x1000, 50),
                Records.of(5, OWNER, 5, 1, 60));
        assertThat(events).extracting(TraceEvent::type)
                .containsExactly("open", "register", "fault", "ioctl", "close");
        assertThat(events).extracting(e -> e.envelope().seq()).containsExactly(0L, 1L, 2L, 3L, 4L);
        OpenEvent open = (OpenEvent) events.get(0);
        assertThat(open.pid()).isEqualTo(OWNER);
        assertThat(open.via()).isEqualTo("syscall");
        assertThat(open.requested()).containsExactly("THREAD_ID");
        assertThat(open.features()).hasSize(17);
        assertThat(open.envelope().monoNanos()).isEqualTo(20);
        RegisterEvent reg = (RegisterEvent) events.get(1);
        assertThat(reg.mem()).isEqualTo(MemType.ANON);
        assertThat(reg.modes()).containsExactly("MISSING");
        assertThat(reg.ioctls()).containsExactly("WAKE", "COPY", "ZEROPAGE", "MOVE", "POISON");
        assertThat(((FaultEvent) events.get(2)).addr()).isEqualTo(AREA + 0x1000);
        IoctlEvent z = (IoctlEvent) events.get(3);
        assertThat(z.op()).isEqualTo("ZEROPAGE");
        assertThat(z.bytes()).isEqualTo(0x1000);
        assertThat(z.durNanos()).isEqualTo(900);
        assertThat(z.envelope().monoNanos()).isEqualTo(50);
        assertThat(events.get(4)).isInstanceOf(CloseEvent.class);
    }

    @Test
    void aUffdHandedToTheObservedProcessIsOneCtxViaHandoffWithItsOwnersPid() throws Exception {
        TraceMapper m = mapper(HANDLER);
        feed(m, created(OWNER, 5, 1), api(OWNER, 5, 1, 0), register(OWNER, 5, 1));
        assertThat(events).isEmpty(); // not the observed process: held
        feed(m, Records.of(6, HANDLER, 9, 1, 35), fault(HANDLER, 9, 1, AREA, 40), zeropage(HANDLER, 9, 1, AREA, 50),
                Records.of(5, OWNER, 5, 1, 55));
        assertThat(events).extracting(TraceEvent::type).containsExactly("open", "register", "fault", "ioctl");
        OpenEvent open = (OpenEvent) events.get(0);
        assertThat(open.via()).isEqualTo("handoff");
        assertThat(open.pid()).isEqualTo(OWNER);
        assertThat(events).extracting(e -> e.envelope().ctx()).containsOnly(open.envelope().ctx());
        feed(m, Records.of(9, HANDLER, -1, 0, 70)); // the handler exits: its fd was the last holder
        assertThat(events.get(events.size() - 1)).isInstanceOf(CloseEvent.class);
        assertThat(m.takeForgotten()).containsExactly(ObservedCtx.holder(HANDLER, 9));
    }

    @Test
    void aUffdFirstSeenInUseIsAdoptedWithItsFdinfoFeatures() throws Exception {
        TraceMapper m = mapper(0);
        feed(m, Records.of(7, HANDLER, 4, 3, 10).a(0xffff888000000000L), zeropage(HANDLER, 4, 3, AREA, 20));
        OpenEvent open = (OpenEvent) events.get(0);
        assertThat(open.via()).isEqualTo("handoff");
        assertThat(open.requested()).containsExactly("THREAD_ID");
        assertThat(open.result()).isEqualTo("ok");
        assertThat(events.get(1)).isInstanceOf(IoctlEvent.class);
    }

    @Test
    void aForkGivesTheChildItsOwnStreamWithInheritedRegistrations() throws Exception {
        TraceMapper m = mapper(0);
        feed(m, created(OWNER, 5, 1), api(OWNER, 5, 1, 0x2), register(OWNER, 5, 1),
                Records.of(4, OWNER, 8, 2, 40).a(1), // FORKED: child ctx 2 on fd 8
                Records.of(3, OWNER, 5, 1, 40).ret(32).dataByte(0, 0x13).data(1, 8));
        List<TraceEvent> child = events.stream().filter(e -> e.envelope().ctx().contains(".2:")).toList();
        assertThat(child).extracting(TraceEvent::type).containsExactly("open", "register");
        OpenEvent open = (OpenEvent) child.get(0);
        assertThat(open.via()).isEqualTo("fork");
        assertThat(open.requested()).containsExactly("EVENT_FORK");
        assertThat(((RegisterEvent) child.get(1)).inherited()).isTrue();
        UffdMessageEvent fork = (UffdMessageEvent) events.get(events.size() - 1);
        assertThat(fork.kind()).isEqualTo("FORK");
        assertThat(fork.child()).isEqualTo(open.envelope().ctx());
    }

    @Test
    void aClosedCtxKeepsItsName_forTheCountersReport() throws Exception {
        TraceMapper m = mapper(OWNER);
        feed(m, created(OWNER, 5, 1), api(OWNER, 5, 1, 0));
        String name = m.ctxName(1);
        feed(m, Records.of(5, OWNER, 5, 1, 60));

        assertThat(events.get(events.size() - 1)).isInstanceOf(CloseEvent.class);
        assertThat(name).isEqualTo("h:" + OWNER + ":o1.1:boot");
        assertThat(m.ctxName(1)).isEqualTo(name);
        assertThat(m.ctxName(2)).isNull();
    }

    @Test
    void aUffdGoneWithItsProcessHandsItsFileEntryBack_oneClosedByCloseDoesNot() throws Exception {
        TraceMapper m = mapper(0);
        feed(m, created(OWNER, 5, 1).data(0, 0xffff888012345600L), created(OWNER, 6, 2).data(0, 0xffff888012345700L),
                Records.of(5, OWNER, 6, 2, 60), Records.of(9, OWNER, -1, 0, 70));

        assertThat(m.takeGoneFiles()).containsExactly(new ObservedUffds.GoneFile(0xffff888012345600L, 1));
        assertThat(m.takeGoneFiles()).isEmpty();
        assertThat(m.takeForgotten()).containsExactly(ObservedCtx.holder(OWNER, 5));
    }

    @Test
    void kernelDropsBecomeALossEventOfTheirCtx() throws Exception {
        TraceMapper m = mapper(0);
        feed(m, created(OWNER, 5, 1), api(OWNER, 5, 1, 0));
        m.lost(1, 12, 99);
        LossEvent loss = (LossEvent) events.get(events.size() - 1);
        assertThat(loss.dropped()).isEqualTo(12);
        assertThat(loss.envelope().seq()).isEqualTo(1);
    }

    @Test
    void aFailedIoctlCarriesTheErrnoName() throws Exception {
        TraceMapper m = mapper(0);
        feed(m, created(OWNER, 5, 1), api(OWNER, 5, 1, 0), register(OWNER, 5, 1),
                zeropage(OWNER, 5, 1, AREA, 50).ret(-17).data(3, -17));
        IoctlEvent z = (IoctlEvent) events.get(events.size() - 1);
        assertThat(z.result()).isEqualTo("EEXIST");
        assertThat(z.bytes()).isZero();
    }
}
