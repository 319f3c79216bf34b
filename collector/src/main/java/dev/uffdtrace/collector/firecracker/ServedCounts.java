package dev.uffdtrace.collector.firecracker;

/**
 * What the handler did for one VMM (or, summed, for all): page-fault messages read, faults
 * served (by COPY, ZEROPAGE, an EEXIST, or a fault on the same page served just before), the
 * COPY and ZEROPAGE calls that succeeded, EAGAIN retries, faults it could not serve, and REMOVE
 * events.
 */
public record ServedCounts(long faults, long served, long copies, long zeropages, long retries, long failed,
                           long removes) {
    public static final ServedCounts NONE = new ServedCounts(0, 0, 0, 0, 0, 0, 0);

    public ServedCounts plus(ServedCounts o) {
        return new ServedCounts(faults + o.faults, served + o.served, copies + o.copies, zeropages + o.zeropages,
                retries + o.retries, failed + o.failed, removes + o.removes);
    }
}
