package dev.uffdtrace.collector.linux;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** Skips native tests, with the reason, on machines where userfaultfd cannot be used. */
public final class NativeAssumptions {
    private NativeAssumptions() {
    }

    public static void assumeUserfaultfd() {
        assumeTrue(System.getProperty("os.name").startsWith("Linux"), "not Linux: no userfaultfd");
        String reason = null;
        try (Uffd u = Uffd.viaSyscall()) {
            if (!u.api(0).ok()) {
                reason = "UFFDIO_API failed";
            }
        } catch (NativeException e) {
            reason = "userfaultfd not permitted or not built in: " + e.getMessage();
        } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
            reason = "JNA cannot load libc: " + e;
        }
        assumeTrue(reason == null, reason);
    }

    public static void assumeKvm() {
        assumeTrue(Files.isWritable(Path.of("/dev/kvm")), "no writable /dev/kvm: no guest_memfd");
    }
}
