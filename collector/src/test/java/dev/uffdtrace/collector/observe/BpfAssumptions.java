package dev.uffdtrace.collector.observe;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.uffdtrace.collector.linux.NativeAssumptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What an observer test needs of the host, each missing piece a skip that says which. A test class
 * that needs all of it for every test says {@code @ExtendWith(BpfAssumptions.class)}.
 */
final class BpfAssumptions implements BeforeAllCallback {
    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        assumeObserverCanRun();
    }

    /** userfaultfd, root (to load BPF programs) and the BPF object with what it needs (libbpf, BTF, tracefs). */
    static void assumeObserverCanRun() throws IOException {
        NativeAssumptions.assumeUserfaultfd();
        String status = Files.readString(Path.of("/proc/self/status"));
        assumeTrue(status.lines().anyMatch(l -> l.matches("Uid:\\s+0\\s.*")), "not root: cannot load BPF programs");
        String reason = BpfObject.unavailableReason();
        assumeTrue(reason == null, reason);
    }
}
