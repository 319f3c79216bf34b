package dev.uffdtrace.collector.observe;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.jna.Library;
import com.sun.jna.Native;
import dev.uffdtrace.collector.linux.Uffd;
import dev.uffdtrace.collector.loop.HostIdentity;
import dev.uffdtrace.collector.publish.Publishers;
import dev.uffdtrace.collector.publish.QueueOutbox;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The kernel's map from a uffd's struct file to its ctx (how a handed-off fd is recognised) loses
 * a uffd's entry when the uffd is gone: at the close(2) of its last reference (in the kernel), or
 * when its process exits without closing it (user space, after the EXIT record). Without this the
 * map fills over an observer's life and a new uffd at a reused address is taken for an old one.
 */
@ExtendWith(BpfAssumptions.class)
class ObserveCleanupIT {
    interface CLib extends Library {
        CLib C = Native.load("c", CLib.class);

        int dup(int fd);

        int close(int fd);
    }

    private static final int SELF = (int) ProcessHandle.current().pid();


    @Test
    void closingTheLastReferenceDropsTheEntry_aDupStillOpenKeepsIt() throws Exception {
        try (QueueOutbox out = new QueueOutbox(Publishers.none(), 1 << 16);
             Observer o = Observer.start(HostIdentity.current(), out, new Observer.Options(SELF, false, 64))) {
            Uffd alone = Uffd.viaSyscall();
            assertThat(alone.api(0).ok()).isTrue();
            long aloneId = o.kernelCtxOf(SELF, alone.fd());
            assertThat(o.kernelKnowsFileOf(aloneId)).as("known while open").isTrue();
            alone.close();
            assertThat(o.kernelKnowsFileOf(aloneId)).as("gone with its only fd").isFalse();

            Uffd first = Uffd.viaSyscall();
            assertThat(first.api(0).ok()).isTrue();
            long id = o.kernelCtxOf(SELF, first.fd());
            int second = CLib.C.dup(first.fd());
            assertThat(second).as("dup").isPositive();
            first.close();
            assertThat(o.kernelKnowsFileOf(id)).as("kept while a dup holds the uffd").isTrue();
            Uffd.adopt(second).wake(0x10000, 4096); // a uffd ioctl on the dup: the kernel follows it (handoff)
            assertThat(o.kernelCtxOf(SELF, second)).isEqualTo(id);
            assertThat(CLib.C.close(second)).isZero();
            assertThat(o.kernelKnowsFileOf(id)).as("gone with its last fd").isFalse();
            o.stop();
        }
    }

    @Test
    void aProcessThatExitsWithoutClosingItsUffdLosesTheEntry() throws Exception {
        try (QueueOutbox out = new QueueOutbox(Publishers.none(), 1 << 16);
             Observer o = Observer.start(HostIdentity.current(), out, new Observer.Options(SELF, false, 64))) {
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), HandoffChild.class.getName())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            try {
                String[] line = new BufferedReader(new InputStreamReader(child.getInputStream(),
                        StandardCharsets.US_ASCII)).readLine().split(" ");
                int childFd = Integer.parseInt(line[0]);
                long id = o.kernelCtxOf((int) child.pid(), childFd);
                assertThat(o.kernelKnowsFileOf(id)).as("known while the child lives").isTrue();
                child.destroyForcibly(); // SIGKILL: its fds close without close(2)
                assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
                assertThat(within(5_000, () -> !o.kernelKnowsFileOf(id))).as("gone after the child's exit").isTrue();
            } finally {
                child.destroyForcibly();
            }
            o.stop();
        }
    }

    private static boolean within(long millis, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }
}
