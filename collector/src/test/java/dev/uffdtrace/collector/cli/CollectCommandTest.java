package dev.uffdtrace.collector.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.uffdtrace.collector.loop.ReadSpin;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class CollectCommandTest {
    @Test
    void theSpinOptionDefaultsToTheLoopsDefault() {
        CollectCommand c = new CollectCommand();
        new CommandLine(c).parseArgs("--workload", "zeropage", "--discard");
        assertThat(c.spin).isEqualTo(ReadSpin.DEFAULT);
    }

    @Test
    void theSpinOptionTakesMicroseconds() {
        CollectCommand c = new CollectCommand();
        new CommandLine(c).parseArgs("--workload", "zeropage", "--discard", "--spin", "20us");
        assertThat(c.spin.toNanos()).isEqualTo(20_000);
    }
}
