package dev.uffdtrace.collector.observe;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FaultWaitsTest {
    private static final long AREA = 0x7f0000000000L;

    @Test
    void aReadIsMatchedWithTheUserFaultOnItsPage_byAnyAddressInThePage() {
        FaultWaits w = new FaultWaits();
        w.userFault(AREA + 0x1010, 1_000);
        w.userFault(AREA + 0x2000, 1_500);
        w.read(AREA + 0x1000, 4_000);
        w.read(AREA + 0x2ff8, 2_500);

        assertThat(w.matched()).isEqualTo(2);
        assertThat(w.unmatched()).isZero();
        assertThat(w.json()).startsWith("{\"matched\":2,\"unmatched\":0,");
    }

    @Test
    void aReadWithoutAUserFault_orBeforeIt_orTwice_isUnmatched() {
        FaultWaits w = new FaultWaits();
        w.read(AREA, 10);
        w.userFault(AREA + 0x1000, 50);
        w.read(AREA + 0x1000, 40);
        w.userFault(AREA + 0x3000, 50);
        w.read(AREA + 0x3000, 60);
        w.read(AREA + 0x3000, 70);

        assertThat(w.matched()).isEqualTo(1);
        assertThat(w.unmatched()).isEqualTo(3);
    }

    @Test
    void theLastUserFaultOnAPageWins_andAPageThatLostItsSlotIsUnmatched() {
        FaultWaits w = new FaultWaits();
        w.userFault(AREA, 100);
        w.userFault(AREA, 200);
        w.read(AREA, 250);
        long page = AREA + 0x1000;
        long other = page + 4096;
        while (FaultWaits.slot(other) != FaultWaits.slot(page)) {
            other += 4096;
        }
        w.userFault(page, 300);
        w.userFault(other, 310);
        w.read(page, 400);

        assertThat(w.matched()).isEqualTo(1);
        assertThat(w.json()).endsWith("\"max_ns\":50}");
        assertThat(w.unmatched()).isEqualTo(1);
    }
}
