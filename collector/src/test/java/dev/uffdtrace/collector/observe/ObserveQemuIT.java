package dev.uffdtrace.collector.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.uffdtrace.analyzer.rules.Finding;
import dev.uffdtrace.analyzer.rules.Severity;
import dev.uffdtrace.analyzer.trace.FaultEvent;
import dev.uffdtrace.analyzer.trace.IoctlEvent;
import dev.uffdtrace.analyzer.trace.RegisterEvent;
import dev.uffdtrace.collector.loop.HostIdentity;
import dev.uffdtrace.collector.publish.JsonLinesPublisher;
import dev.uffdtrace.collector.publish.QueueOutbox;
import dev.uffdtrace.collector.testing.Replayed;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * QEMU postcopy migration between two local QEMUs (TCG), the destination observed: its uffd
 * faults must match the source's {@code postcopy-requests} within 1%, with no error finding; and one
 * QEMU's background snapshot, observed: its WP faults are each resolved by a WRITEPROTECT un-protect.
 * Only in the Maven profile {@code observe-qemu} (needs qemu-system-x86, root, the BPF object).
 */
class ObserveQemuIT {
    /**
     * The guest: a boot sector that enters flat 32-bit protected mode and writes one dword into
     * every 4 KiB page from 1 MiB to 60 MiB, forever. Assembled with clang from:
     * <pre>
     *   cli; xor ax,ax; mov ds,ax; lgdt [gdt_desc]; cr0 |= 1; jmp 0x08:pm
     *   pm: ds = es = ss = 0x10; xor eax,eax
     *   outer: mov edi, 0x100000
     *   page: mov [edi], eax; add edi, 4096; cmp edi, 0x3c00000; jb page; inc eax; jmp outer
     *   gdt: null, code 0x00cf9a000000ffff, data 0x00cf92000000ffff
     * </pre>
     */
    private static final String BOOT_SECTOR = "fa31c08ed8660f0116587c0f20c00c010f22c066ea1b7c0000080066b810008ed88ec08ed031c0bf00001000890781c7"
            + "0010000081ff0000c00372f040ebe8900000000000000000ffff0000009acf00ffff00000092cf001700407c0000";
    private static final Path QEMU = Path.of("/usr/bin/qemu-system-x86_64");

    @TempDir
    Path dir;

    @Test
    void postcopyFaultsMatchTheRequestsQemuCounted() throws Exception {
        Path image = guestImage("postcopy");
        Path trace = dir.resolve("destination.jsonl");
        List<Process> qemus = new ArrayList<>();
        long requests;
        try (QueueOutbox out = new QueueOutbox(new JsonLinesPublisher(trace), 1 << 20)) {
            Process dst = qemu(image, dir.resolve("dst.sock"), "-incoming", "defer");
            qemus.add(dst);
            try (Observer observer = Observer.start(HostIdentity.current(), out,
                    new Observer.Options((int) dst.pid(), false, 64))) {
                qemus.add(qemu(image, dir.resolve("src.sock")));
                requests = migrate(dir.resolve("src.sock"), dir.resolve("dst.sock"));
                Thread.sleep(500); // the destination runs on its own memory now
                stop(qemus);
                observer.stop();
                assertThat(observer.lost()).isZero();
            }
        } finally {
            stop(qemus);
        }
        Replayed r = Replayed.of(trace);
        // a fault whose page arrived (unasked, by the background stream) before QEMU read its message is
        // one QEMU never requests: the trace shows it as a fault woken by no later COPY of its page
        long faults = r.ofType(FaultEvent.class).size() - placedBeforeRead(r);
        System.out.printf("observe-qemu: faults=%d postcopy-requests=%d events=%d rules=%s groups=%s%n", faults,
                requests, r.events().size(), r.rules(), r.groupCounts());
        assertThat(requests).as("postcopy-requests").isPositive();
        assertThat((double) Math.abs(faults - requests)).as("faults %d vs postcopy-requests %d", faults, requests)
                .isLessThanOrEqualTo(Math.max(1, 0.01 * requests));
        assertThat(r.ofType(IoctlEvent.class)).extracting(IoctlEvent::op).contains("COPY");
        assertThat(r.deadLetters()).isEmpty();
        assertThat(r.result().findings()).filteredOn(f -> f.severity() == Severity.ERROR
                || f.severity() == Severity.CRITICAL).extracting(Finding::rule).isEmpty();
    }

    /** The guest's boot image, once the host has what a QEMU test needs (else the test is skipped, saying why). */
    private Path guestImage(String test) throws Exception {
        assumeTrue(Boolean.getBoolean("observe.qemu"), "QEMU " + test + " test: run with -Pobserve-qemu");
        assumeTrue(Files.isExecutable(QEMU), "no " + QEMU + " (apt-get install qemu-system-x86)");
        assumeTrue(BpfObject.unavailableReason() == null, BpfObject.unavailableReason());
        return bootImage();
    }

    /** Faults whose page a successful COPY had already filled when the handler read the fault. */
    static long placedBeforeRead(Replayed r) {
        java.util.Set<Long> placed = new java.util.HashSet<>();
        long n = 0;
        for (dev.uffdtrace.analyzer.trace.TraceEvent e : r.events()) {
            if (e instanceof IoctlEvent i && i.op().equals("COPY") && i.result().equals("ok")) {
                for (long p = i.start(); p < i.start() + i.len(); p += 4096) {
                    placed.add(p);
                }
            } else if (e instanceof FaultEvent f && placed.contains(f.addr() & ~4095L)) {
                n++;
            }
        }
        return n;
    }

    /**
     * Background snapshot (capability {@code background-snapshot}) of one QEMU, observed: the source
     * write-protects guest RAM with uffd WP and resolves each WP fault by un-protecting the page.
     */
    @Test
    void backgroundSnapshotWpFaultsAreResolvedByWriteprotect() throws Exception {
        Path image = guestImage("snapshot");
        Path trace = dir.resolve("snapshot.jsonl");
        Path sock = dir.resolve("vm.sock");
        List<Process> qemus = new ArrayList<>();
        try (QueueOutbox out = new QueueOutbox(new JsonLinesPublisher(trace), 1 << 20)) {
            Process vm = qemu(image, sock);
            qemus.add(vm);
            try (Qmp qmp = Qmp.connect(sock)) {
                Thread.sleep(1000); // the guest writes its memory
                try (Observer observer = Observer.start(HostIdentity.current(), out,
                        new Observer.Options((int) vm.pid(), false, 64))) {
                    snapshot(qmp, dir.resolve("snapshot.bin"));
                    stop(qemus);
                    observer.stop();
                    assertThat(observer.lost()).isZero();
                }
            }
        } finally {
            stop(qemus);
        }
        Replayed r = Replayed.of(trace);
        List<FaultEvent> faults = r.ofType(FaultEvent.class);
        long wpFaults = faults.stream().filter(f -> f.flags().contains(FaultEvent.FLAG_WP)).count();
        long unprotects = r.ofType(IoctlEvent.class).stream()
                .filter(i -> i.op().equals("WRITEPROTECT") && !i.hasMode(IoctlEvent.MODE_WP)).count();
        long wpResolved = r.groupCounts().entrySet().stream().filter(e -> e.getKey().endsWith("/wp/WRITEPROTECT"))
                .mapToLong(Map.Entry::getValue).sum();
        System.out.printf("observe-qemu snapshot: faults=%d wp-faults=%d unprotect-ioctls=%d wp/WRITEPROTECT=%d"
                + " events=%d rules=%s groups=%s%n", faults.size(), wpFaults, unprotects, wpResolved,
                r.events().size(), r.rules(), r.groupCounts());
        assertThat(r.ofType(RegisterEvent.class)).as("a WP register")
                .anyMatch(g -> g.modes().contains("WP") && "ok".equals(g.result()));
        assertThat(wpFaults).as("WP faults").isPositive();
        assertThat(wpResolved).as("latency group */wp/WRITEPROTECT").isPositive();
        assertThat((long) faults.size()).as("faults vs un-protect resolutions").isEqualTo(wpResolved);
        assertThat(r.deadLetters()).isEmpty();
        assertThat(r.result().findings()).filteredOn(f -> f.severity() == Severity.ERROR
                || f.severity() == Severity.CRITICAL).extracting(Finding::rule).isEmpty();
    }

    /** Background snapshot to a file via exec:cat; waits up to 60 s for completed. */
    private static void snapshot(Qmp qmp, Path file) throws Exception {
        qmp.command("migrate-set-capabilities", Map.of("capabilities", List.of(Map.of("capability",
                "background-snapshot", "state", true))));
        qmp.command("migrate", Map.of("uri", "exec:cat > " + file));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            JsonNode m = qmp.command("query-migrate", Map.of());
            String status = m.path("status").asText();
            if (status.equals("completed")) {
                return;
            }
            assertThat(status).as("query-migrate: %s", m).isNotEqualTo("failed");
            Thread.sleep(100);
        }
        throw new AssertionError("background snapshot did not complete within 60 s");
    }

    private Path bootImage() throws Exception {
        byte[] img = new byte[1474560];
        byte[] code = HexFormat.of().parseHex(BOOT_SECTOR);
        System.arraycopy(code, 0, img, 0, code.length);
        img[510] = 0x55;
        img[511] = (byte) 0xaa;
        Path p = dir.resolve("boot.img");
        Files.write(p, img);
        return p;
    }

    private static Process qemu(Path image, Path qmp, String... extra) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(QEMU.toString(), "-accel", "tcg", "-m", "64M", "-display", "none",
                "-nodefaults", "-drive", "file=" + image + ",format=raw,if=floppy,readonly=on", "-boot", "a",
                "-qmp", "unix:" + qmp + ",server=on,wait=off"));
        cmd.addAll(List.of(extra));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    /** Postcopy from src to dst: precopy throttled so that postcopy does the work; the source's postcopy-requests. */
    private static long migrate(Path srcSock, Path dstSock) throws Exception {
        try (Qmp src = Qmp.connect(srcSock); Qmp dst = Qmp.connect(dstSock)) {
            Thread.sleep(1000); // the guest writes its memory
            Map<String, Object> postcopy = Map.of("capabilities", List.of(Map.of("capability", "postcopy-ram",
                    "state", true)));
            src.command("migrate-set-capabilities", postcopy);
            dst.command("migrate-set-capabilities", postcopy);
            src.command("migrate-set-parameters", Map.of("max-bandwidth", 64 * 1024));
            int port = freePort();
            dst.command("migrate-incoming", Map.of("uri", "tcp:127.0.0.1:" + port));
            src.command("migrate", Map.of("uri", "tcp:127.0.0.1:" + port));
            Thread.sleep(300);
            src.command("migrate-start-postcopy", Map.of());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline) {
                JsonNode m = src.command("query-migrate", Map.of());
                String status = m.path("status").asText();
                if (status.equals("completed")) {
                    return m.path("ram").path("postcopy-requests").asLong();
                }
                assertThat(status).isNotEqualTo("failed");
                Thread.sleep(100);
            }
            throw new AssertionError("postcopy migration did not complete within 60 s");
        }
    }

    private static int freePort() throws Exception {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void stop(List<Process> qemus) throws InterruptedException {
        for (Process p : qemus) {
            p.destroy();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
