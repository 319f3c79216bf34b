package dev.uffdtrace.collector.observe;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.uffdtrace.collector.observe.BpfStats.RunTime;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BpfWindowTest {
    /** Two programs of observe and one of another tool, as {@code bpftool -j prog show} prints them (trimmed). */
    private static final String BPFTOOL = "[{\"id\":41,\"type\":\"tracing\",\"name\":\"sys_enter\",\"run_time_ns\":9000,"
            + "\"run_cnt\":30},{\"id\":42,\"type\":\"tracing\",\"name\":\"page_fault_use\",\"run_time_ns\":500,"
            + "\"run_cnt\":5},{\"id\":7,\"type\":\"cgroup_skb\",\"name\":\"sd_fw_egress\",\"run_time_ns\":1,\"run_cnt\":1},"
            + "{\"id\":43,\"type\":\"tracepoint\",\"run_time_ns\":1,\"run_cnt\":1}]";

    @Test
    void parsesObservePrograms_byTheirCutNames() throws Exception {
        Map<String, RunTime> p = BpfStats.parse(new ObjectMapper().readTree(BPFTOOL));

        assertThat(p).containsOnlyKeys("sys_enter", "page_fault_user");
        assertThat(p.get("page_fault_user")).isEqualTo(new RunTime(500, 5));
    }

    @Test
    void backgroundRate_isScaledToTheWindow_andNeverGoesNegative() {
        BpfWindow busy = new BpfWindow(4, Map.of("enter_ioctl", new RunTime(10_000, 100), "exit_read", new RunTime(50, 1)));
        BpfWindow idle = new BpfWindow(2, Map.of("enter_ioctl", new RunTime(1_000, 10), "exit_read", new RunTime(900, 9)));

        BpfWindow left = busy.lessBackground(idle);

        assertThat(left.programs().get("enter_ioctl")).isEqualTo(new RunTime(8_000, 80));
        assertThat(left.programs().get("exit_read")).isEqualTo(new RunTime(0, 0));
        assertThat(left.totalNanos()).isEqualTo(8_000);
    }

    @Test
    void plus_addsTimesAndLengths() {
        BpfWindow a = new BpfWindow(1, Map.of("enter_ioctl", new RunTime(10, 1)));
        BpfWindow b = new BpfWindow(2, Map.of("enter_ioctl", new RunTime(20, 2), "exit_read", new RunTime(5, 1)));

        BpfWindow sum = a.plus(b);

        assertThat(sum.seconds()).isEqualTo(3);
        assertThat(sum.programs()).containsEntry("enter_ioctl", new RunTime(30, 3)).containsEntry("exit_read", new RunTime(5, 1));
    }
}
