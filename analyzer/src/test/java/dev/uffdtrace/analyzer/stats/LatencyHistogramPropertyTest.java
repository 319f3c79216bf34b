package dev.uffdtrace.analyzer.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

/** Nearest-rank percentiles within 0.1% of the exact value; two halves merged are the whole. */
class LatencyHistogramPropertyTest {
    private static final double[] PS = {50, 90, 99, 99.9, 100, 14, 0.1};

    @Property(tries = 300)
    void percentilesAreNearestRankWithinATenthOfAPercent(
            @ForAll @Size(min = 1, max = 300) List<@LongRange(min = 0, max = 10_000_000_000L) Long> values) {
        LatencyHistogram h = new LatencyHistogram();
        values.forEach(h::record);
        long[] sorted = values.stream().mapToLong(Long::longValue).sorted().toArray();
        for (double p : PS) {
            long rank = Math.max(1, (long) Math.floor(p * sorted.length / 100.0 + 0.5));
            long exact = sorted[(int) Math.min(rank, sorted.length) - 1];
            long got = h.percentile(p);
            assertThat((double) Math.abs(got - exact)).as("p%s", p).isLessThanOrEqualTo(exact * 0.001 + 1e-9);
        }
        assertThat(h.max()).isEqualTo(sorted[sorted.length - 1]);
        assertThat(h.mean()).isCloseTo(Arrays.stream(sorted).average().orElseThrow(), org.assertj.core.data.Offset.offset(1e-6));
    }

    @Property(tries = 200)
    void mergingTwoHalvesGivesTheWhole(@ForAll List<@LongRange(min = 0, max = 1_000_000_000L) Long> values,
                                       @ForAll @LongRange(min = 0, max = 1000) long cut) {
        LatencyHistogram whole = new LatencyHistogram();
        LatencyHistogram a = new LatencyHistogram();
        LatencyHistogram b = new LatencyHistogram();
        for (int i = 0; i < values.size(); i++) {
            whole.record(values.get(i));
            (i < cut ? a : b).record(values.get(i));
        }
        a.merge(b);
        assertThat(a).isEqualTo(whole);
        assertThat(LatencyHistogram.fromBytes(a.toBytes())).isEqualTo(whole);
        for (double p : PS) {
            assertThat(a.percentile(p)).isEqualTo(whole.percentile(p));
        }
    }
}
