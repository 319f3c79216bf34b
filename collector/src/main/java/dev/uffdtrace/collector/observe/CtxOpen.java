package dev.uffdtrace.collector.observe;

import dev.uffdtrace.analyzer.trace.OpenEvent;
import dev.uffdtrace.collector.linux.BitNames;
import dev.uffdtrace.collector.linux.Errno;
import dev.uffdtrace.collector.loop.HostIdentity;

/**
 * The open event of a ctx, sent once and first: from the answer of its UFFDIO_API, from fdinfo
 * when it was adopted, from its parent when it is a fork child, or made up when the uffd is used
 * before any UFFDIO_API. The ctx keeps what the API answered, which a fork child inherits.
 */
final class CtxOpen {
    /** UFFDIO_API's ioctls answer: REGISTER | UNREGISTER | API (SEMANTICS (b)). */
    static final long API_IOCTLS = 0x8000000000000003L;

    private CtxOpen() {
    }

    /** The open with UFFDIO_API's {@code result} and answer; {@code c.requested} is what it asked. */
    static void send(ObservedCtx c, HostIdentity host, long ts, String result, long features, long ioctls) {
        c.openSent = true;
        c.apiFeatures = features;
        c.apiIoctls = ioctls;
        long requested = c.requested == null ? 0 : c.requested;
        c.emit(ts, env -> new OpenEvent(env, host.host(), c.ownerPid, host.kernel(), c.via, c.parent,
                BitNames.features(requested), result, BitNames.features(features), BitNames.ioctls(ioctls)));
    }

    /** A uffd whose UFFDIO_API was never seen (adopted, or forked from one never seen): taken as a full answer. */
    static void sendUnseen(ObservedCtx c, HostIdentity host, long ts, long kernelFeatures) {
        send(c, host, ts, Errno.name(0), kernelFeatures, API_IOCTLS);
    }

    /** A uffd used before any UFFDIO_API: its open says so (no features in effect, as for a refused API). */
    static void ensure(ObservedCtx c, HostIdentity host, long ts) {
        if (!c.openSent) {
            send(c, host, ts, Errno.name(Errno.EINVAL), 0, 0);
        }
    }
}
