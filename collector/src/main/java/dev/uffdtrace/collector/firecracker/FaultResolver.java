package dev.uffdtrace.collector.firecracker;

import dev.uffdtrace.collector.linux.Errno;
import dev.uffdtrace.collector.linux.NativeException;
import dev.uffdtrace.collector.linux.RangeAnswer;
import dev.uffdtrace.collector.linux.UffdMessage;
import dev.uffdtrace.collector.loop.ServiceTimes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The faults of one uffd, a run at a time (the faults of one read, up to the next non-fault
 * message): fills each faulting page once, keeps EAGAIN faults for a retry, records the run and
 * counts. EEXIST counts as served and is followed by a WAKE of the page, so the trace shows what
 * woke its waiters. One thread (the connection's) uses a resolver.
 */
final class FaultResolver {
    private static final Logger LOG = LoggerFactory.getLogger(FaultResolver.class);

    private final HandoffSession session;
    private final List<GuestRegion> regions;
    private final PageFiller filler;
    private final List<Fault> run = new ArrayList<>(PageServer.BATCH);
    /** The calls of the current run, recorded after its faults once every page of the run is filled. */
    private final List<HandoffSession.Call> calls = new ArrayList<>(PageServer.BATCH);
    private final ArrayDeque<Fault> deferred = new ArrayDeque<>();
    private final ServiceTimes serviceTimes = new ServiceTimes();
    private long faults;
    private long served;
    private long copies;
    private long zeropages;
    private long retries;
    private long failed;

    private record Fault(UffdMessage.PageFault message, long readNanos) {
        long address() {
            return message.address();
        }
    }

    FaultResolver(HandoffSession session, List<GuestRegion> regions, PageFiller filler) {
        this.session = session;
        this.regions = regions;
        this.filler = filler;
    }

    void add(UffdMessage.PageFault pf, long readNanos) {
        faults++;
        run.add(new Fault(pf, readNanos));
    }

    boolean hasDeferred() {
        return !deferred.isEmpty();
    }

    /** The end: faults still waiting for a retry were not served (closing the uffd wakes them). */
    void abandonDeferred() {
        failed += deferred.size();
        deferred.clear();
    }

    /**
     * Resolves each page of the run once (the wake of one fill releases every fault on that page),
     * then records the run: its faults, then its calls. Recording last keeps the publishing queue
     * out of the faulting threads' wait; the events carry the times taken when things happened.
     */
    void resolveRun() {
        List<Long> servedPages = new ArrayList<>(run.size());
        for (Fault f : run) {
            GuestRegion r = regionOf(f.address());
            if (r == null) {
                failed++;
                LOG.warn("ctx {}: fault at 0x{} is in no handed-over region; not served", session.ctx(),
                        Long.toHexString(f.address()));
                continue;
            }
            long page = f.address() & -r.pageSize();
            if (servedPages.contains(page)) {
                served++;
            } else if (resolve(f, r, page)) {
                servedPages.add(page);
            }
        }
        for (Fault f : run) {
            session.fault(f.readNanos(), f.message());
        }
        run.clear();
        recordCalls();
    }

    private void recordCalls() {
        for (HandoffSession.Call c : calls) {
            session.record(c);
        }
        calls.clear();
    }

    void retryDeferred() {
        for (int n = deferred.size(); n > 0; n--) {
            Fault f = deferred.poll();
            GuestRegion r = regionOf(f.address());
            retries++;
            resolve(f, r, f.address() & -r.pageSize());
        }
        recordCalls();
    }

    /** One fill of {@code page}; true when the fault is served, false when failed or deferred. */
    private boolean resolve(Fault f, GuestRegion r, long page) {
        HandoffSession.Call call;
        try {
            call = filler.fill(r, page);
        } catch (NativeException e) {
            failed++;
            LOG.warn("ctx {}: no zero source for the page at 0x{}: {}", session.ctx(), Long.toHexString(page),
                    e.getMessage());
            return false;
        }
        calls.add(call);
        RangeAnswer a = call.answer();
        if (a.ok()) {
            if (call.op().equals("ZEROPAGE")) {
                zeropages++;
            } else {
                copies++;
            }
        } else if (a.errno() == Errno.EEXIST) {
            calls.add(session.wake(page, r.pageSize()));
        } else if (a.errno() == Errno.EAGAIN) {
            deferred.add(f);
            return false;
        } else {
            failed++;
            LOG.warn("ctx {}: {} of the page at 0x{} failed: {}", session.ctx(), call.op(), Long.toHexString(page),
                    a.result());
            return false;
        }
        served++;
        serviceTimes.add(call.doneNanos() - f.readNanos());
        return true;
    }

    private GuestRegion regionOf(long addr) {
        for (GuestRegion r : regions) {
            if (addr >= r.baseHostVirtAddr() && addr < r.end()) {
                return r;
            }
        }
        return null;
    }

    /** The counts so far, with the REMOVE events the server saw. */
    ServedCounts counts(long removes) {
        return new ServedCounts(faults, served, copies, zeropages, retries, failed, removes);
    }

    ServiceTimes serviceTimes() {
        return serviceTimes;
    }
}
