package dev.uffdtrace.analyzer.stats;

import java.nio.ByteBuffer;
import org.HdrHistogram.Histogram;

/**
 * The latency distribution of one group: an HdrHistogram with three significant digits, plus
 * the exact count, sum, minimum and maximum (so mean, min and max are exact, not bucket approximations).
 * Percentiles use the nearest rank of OUTPUTS.md: rank = max(1, floor(p * count / 100 + 1/2)).
 *
 * <pre>{@code
 * LatencyHistogram h = new LatencyHistogram();
 * h.record(5200);
 * long p99 = h.percentile(99.0);
 * }</pre>
 */
public final class LatencyHistogram {
    static final int SIGNIFICANT_DIGITS = 3;

    private final Histogram histogram;
    private long count;
    private long sum;
    private long max;
    private long min = Long.MAX_VALUE;
    /**
     * For {@link #percentile}: built in one pass when first asked (reports ask for several
     * percentiles of every group, several times); recording or merging changes {@link #count},
     * which makes it stale. One immutable object, so concurrent readers see a whole table.
     */
    private RankTable ranks;

    /** The lowest value of each recorded bucket and the count up to and including it, in value order. */
    private record RankTable(long count, long[] values, long[] cumulative) {
    }

    public LatencyHistogram() {
        this(new Histogram(SIGNIFICANT_DIGITS), 0, 0, 0);
    }

    private LatencyHistogram(Histogram h, long count, long sum, long max) {
        this.histogram = h;
        this.count = count;
        this.sum = sum;
        this.max = max;
    }

    private LatencyHistogram withMin(long m) {
        this.min = m;
        return this;
    }

    /** Records one latency; negative values (clock skew between hosts) count as 0. */
    public void record(long nanos) {
        long v = Math.max(0, nanos);
        histogram.recordValue(v);
        count++;
        sum += v;
        max = Math.max(max, v);
        min = Math.min(min, v);
    }

    public void merge(LatencyHistogram other) {
        histogram.add(other.histogram);
        count += other.count;
        sum += other.sum;
        max = Math.max(max, other.max);
        min = Math.min(min, other.min);
    }

    public long count() {
        return count;
    }

    public long max() {
        return max;
    }

    public double mean() {
        return count == 0 ? 0.0 : (double) sum / count;
    }

    /**
     * The value of nearest rank for percentile {@code p} (0 < p <= 100): exact for the first and
     * last rank, otherwise the lowest value of its bucket (within 0.1%), kept within [min, max].
     */
    public long percentile(double p) {
        if (count == 0) {
            return 0;
        }
        long rank = Math.min(count, Math.max(1, (long) Math.floor(p * count / 100.0 + 0.5)));
        if (rank == count) {
            return max;
        }
        if (rank == 1) {
            return min;
        }
        RankTable t = ranks;
        if (t == null || t.count() != count) {
            t = rankTable();
            ranks = t;
        }
        // the first bucket whose cumulative count reaches the rank
        long[] cumulative = t.cumulative();
        int lo = 0;
        int hi = cumulative.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (cumulative[mid] >= rank) {
                hi = mid - 1;
            } else {
                lo = mid + 1;
            }
        }
        if (lo == cumulative.length) {
            return max;
        }
        return Math.max(min, Math.min(t.values()[lo], max));
    }

    private RankTable rankTable() {
        long[] values = new long[16];
        long[] cumulative = new long[16];
        int n = 0;
        long seen = 0;
        for (var v : histogram.recordedValues()) {
            if (n == values.length) {
                values = java.util.Arrays.copyOf(values, n * 2);
                cumulative = java.util.Arrays.copyOf(cumulative, n * 2);
            }
            seen += v.getCountAtValueIteratedTo();
            values[n] = histogram.lowestEquivalentValue(v.getValueIteratedTo());
            cumulative[n] = seen;
            n++;
        }
        return new RankTable(count, java.util.Arrays.copyOf(values, n), java.util.Arrays.copyOf(cumulative, n));
    }

    public long min() {
        return count == 0 ? 0 : min;
    }

    public LatencyHistogram copy() {
        return new LatencyHistogram(histogram.copy(), count, sum, max).withMin(min);
    }

    /** A binary form: count, sum, max, min, then the histogram's own encoding. */
    public byte[] toBytes() {
        ByteBuffer hb = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
        int n = histogram.encodeIntoByteBuffer(hb);
        ByteBuffer out = ByteBuffer.allocate(32 + n);
        out.putLong(count).putLong(sum).putLong(max).putLong(min).put(hb.array(), 0, n);
        return out.array();
    }

    public static LatencyHistogram fromBytes(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        long count = b.getLong();
        long sum = b.getLong();
        long max = b.getLong();
        long min = b.getLong();
        try {
            Histogram h = Histogram.decodeFromByteBuffer(b.slice(), 0);
            return new LatencyHistogram(h, count, sum, max).withMin(min);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("corrupt latency histogram: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LatencyHistogram h && h.count == count && h.sum == sum && h.max == max && h.min == min
                && h.histogram.equals(histogram);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(count * 31 + sum);
    }
}
