package dev.uffdtrace.collector.observe;

import dev.uffdtrace.analyzer.trace.FaultEvent;
import dev.uffdtrace.analyzer.trace.UffdMessageEvent;
import dev.uffdtrace.collector.linux.BitNames;
import dev.uffdtrace.collector.linux.UffdMessage;
import dev.uffdtrace.collector.linux.UffdMessages;
import java.util.function.IntFunction;

/**
 * The trace event of a MSG record (one uffd_msg the handler read): a fault, or FORK, REMAP, REMOVE,
 * UNMAP, which also update the ctx's registrations (a fork child inherits them).
 */
final class CtxMessages {
    private CtxMessages() {
    }

    /** {@code childOfFd}: the ctx name of the uffd a FORK message installed on that fd of the reader, or null. */
    static void apply(ObservedCtx c, ObsRecord r, FaultWaits waits, IntFunction<String> childOfFd) {
        UffdMessage m = UffdMessages.decode(r.dataBuffer(), 0);
        long ts = r.ts();
        if (m instanceof UffdMessage.PageFault pf) {
            waits.read(pf.address(), ts);
            Long tid = pf.ptid() == 0 ? null : (long) pf.ptid();
            c.emit(ts, env -> new FaultEvent(env, pf.address(), BitNames.faultFlags(pf.flags()), tid));
        } else if (m instanceof UffdMessage.Fork f) {
            String childName = childOfFd.apply(f.ufd());
            if (childName != null) {
                c.emit(ts, env -> UffdMessageEvent.fork(env, childName));
            }
        } else if (m instanceof UffdMessage.Remap rm) {
            c.regions.move(rm.from(), rm.to(), rm.len());
            c.emit(ts, env -> UffdMessageEvent.remap(env, rm.from(), rm.to(), rm.len()));
        } else if (m instanceof UffdMessage.Remove rv) {
            c.emit(ts, env -> UffdMessageEvent.range(env, UffdMessageEvent.REMOVE, rv.start(), rv.end()));
        } else if (m instanceof UffdMessage.Unmap u) {
            c.regions.remove(u.start(), u.end());
            c.emit(ts, env -> UffdMessageEvent.range(env, UffdMessageEvent.UNMAP, u.start(), u.end()));
        }
    }
}
