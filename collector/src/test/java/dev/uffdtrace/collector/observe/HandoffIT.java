package dev.uffdtrace.collector.observe;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.jna.Library;
import com.sun.jna.Native;
import dev.uffdtrace.analyzer.trace.CloseEvent;
import dev.uffdtrace.analyzer.trace.IoctlEvent;
import dev.uffdtrace.analyzer.trace.MemType;
import dev.uffdtrace.analyzer.trace.OpenEvent;
import dev.uffdtrace.analyzer.trace.RegisterEvent;
import dev.uffdtrace.collector.linux.RangeAnswer;
import dev.uffdtrace.collector.linux.Uffd;
import dev.uffdtrace.collector.loop.HostIdentity;
import dev.uffdtrace.collector.publish.JsonLinesPublisher;
import dev.uffdtrace.collector.publish.QueueOutbox;
import dev.uffdtrace.collector.testing.Replayed;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A uffd made in a child JVM and taken by this one with pidfd_getfd(2) (what SCM_RIGHTS does for
 * Firecracker's handler, without a socket): observing only this JVM, the trace has one ctx that
 * starts with the owner's open (via handoff, the owner's pid) and registration, then this JVM's
 * ioctls, and closes when the last holder is gone.
 */
@ExtendWith(BpfAssumptions.class)
class HandoffIT {
    private static final int SYS_PIDFD_OPEN = 434;
    private static final int SYS_PIDFD_GETFD = 438;

    interface CLib extends Library {
        CLib C = Native.load("c", CLib.class);

        int syscall(int number, int a, int b, int c);
    }

    @TempDir
    Path dir;


    @Test
    void aUffdTakenFromAnotherProcessIsOneCtxViaHandoff() throws Exception {
        Path trace = dir.resolve("handoff.jsonl");
        long childPid;
        try (QueueOutbox out = new QueueOutbox(new JsonLinesPublisher(trace), 1 << 16)) {
            int self = (int) ProcessHandle.current().pid();
            try (Observer observer = Observer.start(HostIdentity.current(), out, new Observer.Options(self, false, 64))) {
                Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp", System.getProperty("java.class.path"), HandoffChild.class.getName())
                        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
                childPid = child.pid();
                try {
                    String[] line = new BufferedReader(new InputStreamReader(child.getInputStream(),
                            StandardCharsets.US_ASCII)).readLine().split(" ");
                    int childFd = Integer.parseInt(line[0]);
                    long area = Long.parseLong(line[1]);
                    int pidfd = CLib.C.syscall(SYS_PIDFD_OPEN, (int) childPid, 0, 0);
                    assertThat(pidfd).as("pidfd_open").isPositive();
                    int fd = CLib.C.syscall(SYS_PIDFD_GETFD, pidfd, childFd, 0);
                    assertThat(fd).as("pidfd_getfd").isPositive();
                    try (Uffd taken = Uffd.adopt(fd)) {
                        for (int p = 0; p < 4; p++) {
                            RangeAnswer a = taken.zeropage(area + p * 4096L, 4096, 0);
                            assertThat(a.ok()).isTrue();
                        }
                    }
                    CLib.C.syscall(3 /* close */, pidfd, 0, 0);
                } finally {
                    child.getOutputStream().close();
                    assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
                }
                observer.stop();
                assertThat(observer.lost()).isZero();
            }
        }
        Replayed r = Replayed.of(trace);
        assertThat(r.deadLetters()).isEmpty();
        assertThat(r.events()).extracting(e -> e.envelope().ctx()).containsOnly(r.events().get(0).envelope().ctx());
        OpenEvent open = r.ofType(OpenEvent.class).get(0);
        assertThat(open.via()).isEqualTo("handoff");
        assertThat(open.pid()).isEqualTo(childPid);
        assertThat(open.result()).isEqualTo("ok");
        RegisterEvent reg = r.ofType(RegisterEvent.class).get(0);
        assertThat(reg.mem()).isEqualTo(MemType.ANON);
        assertThat(reg.len()).isEqualTo(HandoffChild.PAGES * 4096L);
        assertThat(r.ofType(IoctlEvent.class)).hasSize(4).allSatisfy(i -> assertThat(i.result()).isEqualTo("ok"));
        assertThat(r.ofType(CloseEvent.class)).hasSize(1);
        assertThat(r.rules()).isEmpty();
    }
}
