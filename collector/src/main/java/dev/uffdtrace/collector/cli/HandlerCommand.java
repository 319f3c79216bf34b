package dev.uffdtrace.collector.cli;

import dev.uffdtrace.collector.firecracker.FirecrackerHandler;
import dev.uffdtrace.collector.firecracker.ServedCounts;
import dev.uffdtrace.collector.loop.HostIdentity;
import dev.uffdtrace.collector.publish.EventOutbox;
import dev.uffdtrace.collector.publish.EventPublisher;
import dev.uffdtrace.collector.publish.QueueOutbox;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code uffdtrace handler}: a Firecracker-compatible page-fault handler for snapshot loads with
 * a {@code Uffd} memory backend, recording every VMM's uffd as a trace. Runs until SIGINT/SIGTERM
 * (or {@link #requestStop()}), then prints one JSON line of totals.
 */
@Command(name = "handler", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Serve Firecracker snapshot page faults from a memory file over a Unix socket, with telemetry.")
public final class HandlerCommand implements Callable<Integer> {
    static final int OK = 0;
    static final int CANNOT_RUN = 1;
    private static final int QUEUE_CAPACITY = 1 << 16;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--socket", required = true, description = "Unix socket to listen on (created 0600; a stale one is replaced).")
    Path socket;

    @Option(names = "--mem-file", required = true, description = "Snapshot memory file the pages are served from.")
    Path memFile;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    TraceDestination destination;

    private final CountDownLatch stop = new CountDownLatch(1);
    private final CountDownLatch listening = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);

    /** Ends a running {@link #call()} as SIGTERM would: connections are closed and totals printed. */
    public void requestStop() {
        stop.countDown();
    }

    /** Waits until the socket accepts connections; false on timeout. */
    public boolean awaitListening(long millis) throws InterruptedException {
        return listening.await(millis, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /** The shutdown hook: the JVM exits when hooks return, so wait for the close events to be written. */
    private void stopAndWait() {
        requestStop();
        try {
            finished.await(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public Integer call() throws Exception {
        try {
            return serve();
        } finally {
            finished.countDown();
        }
    }

    private int serve() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        EventPublisher publisher;
        try {
            publisher = TraceDestination.open(destination);
        } catch (IOException | RuntimeException e) {
            err.println("handler: cannot open the trace output: " + e.getMessage());
            err.flush();
            return CANNOT_RUN;
        }
        ServedCounts counts;
        int connections;
        long refused;
        try (EventOutbox outbox = new QueueOutbox(publisher, QUEUE_CAPACITY)) {
            FirecrackerHandler handler;
            try {
                handler = FirecrackerHandler.start(socket, memFile, outbox, HostIdentity.current());
            } catch (IOException | RuntimeException e) {
                err.println("handler: cannot serve " + memFile + " on " + socket + ": " + e.getMessage());
                err.flush();
                return CANNOT_RUN;
            }
            Thread hook = new Thread(this::stopAndWait, "uffdtrace-handler-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            try (handler) {
                err.println("handler: serving " + memFile + " on " + socket);
                err.flush();
                listening.countDown();
                stop.await();
            } finally {
                removeHook(hook);
            }
            counts = handler.finishedCounts();
            connections = handler.connections();
            refused = handler.refused();
        }
        spec.commandLine().getOut().println(String.format(Locale.ROOT,
                "{\"connections\":%d,\"refused\":%d,\"faults\":%d,\"served\":%d,\"copies\":%d,\"zeropages\":%d,"
                        + "\"retries\":%d,\"failed\":%d,\"removes\":%d}",
                connections, refused, counts.faults(), counts.served(), counts.copies(), counts.zeropages(),
                counts.retries(), counts.failed(), counts.removes()));
        spec.commandLine().getOut().flush();
        return OK;
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down: the hook is what stopped us
        }
    }
}
