package dev.uffdtrace.collector.observe;

import com.sun.jna.Pointer;
import dev.uffdtrace.collector.linux.Mapping;
import dev.uffdtrace.collector.linux.NativeException;
import dev.uffdtrace.collector.linux.Uapi;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.locks.LockSupport;

/**
 * A BPF ring buffer read from its own mapping, without a native call per record (a JNA callback
 * from ring_buffer__poll costs more than decoding the record). The layout is the kernel's
 * (kernel/bpf/ringbuf.c): one read-write page holding consumer_pos, then, from offset one page,
 * a read-only page holding producer_pos followed by the data area mapped twice in a row, so a
 * record that wraps is still contiguous. Each record has an 8-byte header: length with the BUSY
 * (bit 31) and DISCARD (bit 30) bits, then the page offset. Positions are read with acquire and
 * consumer_pos written with release semantics, as libbpf does.
 */
final class RingBuffer implements AutoCloseable {
    private static final long PAGE = 4096;
    private static final int BUSY = 1 << 31;
    private static final int DISCARD = 1 << 30;
    private static final int HEADER = 8;
    static final long STEP_NANOS = 1_000_000;
    static final long MAX_STEP_NANOS = 16_000_000;
    private static final VarHandle LONGS = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());
    private static final VarHandle INTS = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.nativeOrder());

    /** Takes the records of one batch; {@code data} is positioned nowhere, the record is at {@code offset}. */
    interface Sink {
        void record(ByteBuffer data, int offset, int length);
    }

    private final int fd;
    private final long mask;
    private final Mapping consumerPage;
    private final Mapping producerArea;
    private final ByteBuffer consumer;
    private final ByteBuffer producer;
    private long step = STEP_NANOS;

    RingBuffer(BpfMap map) throws NativeException {
        this.fd = map.fd();
        long size = map.maxEntries();
        this.mask = size - 1;
        consumerPage = Mapping.map(PAGE, Uapi.PROT_READ | Uapi.PROT_WRITE, Uapi.MAP_SHARED, fd, 0);
        Mapping p;
        try {
            p = Mapping.map(PAGE + 2 * size, Uapi.PROT_READ, Uapi.MAP_SHARED, fd, PAGE);
        } catch (NativeException e) {
            consumerPage.close();
            throw e;
        }
        producerArea = p;
        consumer = new Pointer(consumerPage.address()).getByteBuffer(0, PAGE).order(ByteOrder.nativeOrder());
        producer = new Pointer(producerArea.address()).getByteBuffer(0, PAGE + 2 * size)
                .order(ByteOrder.nativeOrder());
    }

    /**
     * Waits up to {@code maxNanos} for data. The BPF program submits without waking us
     * (BPF_RB_NO_WAKEUP), so this sleeps and looks at the positions: no wake-up per record. The
     * sleep is {@link #STEP_NANOS} while records flow (at most 1 ms of delay) and doubles with each
     * empty look up to {@link #MAX_STEP_NANOS}, so an observer with nothing to read (--counters, a
     * quiet handler) wakes ~60 times a second, not 1000: each wake-up is a context switch on a CPU
     * the observed handler may want. 16 ms of records at 150k records/s is ~2% of the ring.
     */
    void await(long maxNanos) {
        long deadline = System.nanoTime() + maxNanos;
        while (!pending()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            LockSupport.parkNanos(Math.min(step, left));
            step = Math.min(step * 2, MAX_STEP_NANOS);
        }
        step = STEP_NANOS;
    }

    boolean pending() {
        return (long) LONGS.getAcquire(consumer, 0) < (long) LONGS.getAcquire(producer, 0);
    }

    /** Hands every committed record to {@code sink}, frees their space; the number of records. */
    int consume(Sink sink) {
        long cons = (long) LONGS.getAcquire(consumer, 0);
        long prod = (long) LONGS.getAcquire(producer, 0);
        int n = 0;
        while (cons < prod) {
            int hdrAt = (int) (PAGE + (cons & mask));
            int len = (int) INTS.getAcquire(producer, hdrAt);
            if ((len & BUSY) != 0) {
                break;
            }
            int dataLen = len & ~(BUSY | DISCARD);
            cons += (dataLen + HEADER + 7) & ~7L;
            if ((len & DISCARD) == 0) {
                sink.record(producer, hdrAt + HEADER, dataLen);
                n++;
            }
            LONGS.setRelease(consumer, 0, cons);
        }
        return n;
    }

    @Override
    public void close() throws NativeException {
        try {
            producerArea.close();
        } finally {
            consumerPage.close();
        }
    }
}
