package dev.uffdtrace.collector.workload;

import dev.uffdtrace.collector.linux.Mapping;
import dev.uffdtrace.collector.loop.ResolvePolicy;
import dev.uffdtrace.collector.loop.UffdSession;
import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The set-up of one faulting workload: the session, the registered area, how threads touch it,
 * how the handler resolves, how a round is undone for the next one, and what to check after.
 * Closing unregisters, closes the uffd (its {@code close} event) and then frees the memory.
 */
final class Scenario implements Closeable {
    /** A step that may call the kernel. */
    @FunctionalInterface
    interface Step {
        void run() throws Exception;
    }

    final UffdSession session;
    final Mapping area;
    final long pageSize;
    final ResolvePolicy policy;
    final boolean write;
    /** Every thread touches every page (each from its own starting point): concurrent faults on one page. */
    boolean everyThreadEveryPage;
    private final Deque<Closeable> resources = new ArrayDeque<>();
    Step reset = () -> {
    };
    Step verify = () -> {
    };

    Scenario(UffdSession session, Mapping area, long pageSize, ResolvePolicy policy, boolean write) {
        this.session = session;
        this.area = area;
        this.pageSize = pageSize;
        this.policy = policy;
        this.write = write;
    }

    /** Frees {@code r} when the scenario closes (after the uffd; later-added first). */
    <T extends Closeable> T own(T r) {
        resources.push(r);
        return r;
    }

    long pages() {
        return area.length() / pageSize;
    }

    @Override
    public void close() throws IOException {
        IOException first = null;
        try {
            session.unregister(area.address(), area.length());
            session.close();
        } catch (IOException e) {
            first = e;
        }
        while (!resources.isEmpty()) {
            try {
                resources.pop().close();
            } catch (IOException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
