package dev.uffdtrace.collector.observe;

import dev.uffdtrace.analyzer.trace.IoctlEvent;
import dev.uffdtrace.analyzer.trace.MemType;
import dev.uffdtrace.analyzer.trace.RegisterEvent;
import dev.uffdtrace.analyzer.trace.UnregisterEvent;
import dev.uffdtrace.collector.linux.BitNames;
import dev.uffdtrace.collector.linux.IoctlNumbers;
import dev.uffdtrace.collector.loop.Region;
import java.nio.ByteBuffer;

/** The trace event of an IOCTL record other than UFFDIO_API: register, unregister or a range ioctl. */
final class CtxCalls {
    private CtxCalls() {
    }

    /** Emits the event on {@code c}; {@code result} is "ok" or the errno name of the return value. */
    static void apply(ObservedCtx c, ObsRecord r, String result, ProcView proc) {
        ByteBuffer arg = r.dataBuffer();
        int nr = r.ioctlNr();
        if (nr == IoctlNumbers.NR_REGISTER) {
            registered(c, r, arg, result, proc);
        } else if (nr == IoctlNumbers.NR_UNREGISTER) {
            long start = arg.getLong(0);
            long len = arg.getLong(8);
            if (r.ret() == 0) {
                c.regions.remove(start, start + len);
            }
            c.emit(r.ts(), env -> new UnregisterEvent(env, start, len, result));
        } else {
            IoctlArgs a = IoctlArgs.decode(nr, arg);
            if (a == null) {
                return; // an ioctl of type 0xAA this version does not know: not a range op
            }
            c.emit(r.ts(), env -> new IoctlEvent(env, a.op(), a.start(), a.len(), a.modeNames(), result, a.src(),
                    a.bytes(), r.dur()));
        }
    }

    private static void registered(ObservedCtx c, ObsRecord r, ByteBuffer arg, String result, ProcView proc) {
        long start = arg.getLong(0);
        long len = arg.getLong(8);
        long modes = arg.getLong(16);
        long ioctls = r.ret() == 0 ? arg.getLong(24) : 0;
        KernelVma k = KernelVma.of(arg);
        MemType mem;
        long pageSize;
        if (k.found()) {
            mem = k.memType();
            pageSize = k.pageSize();
        } else {
            // not mapped when the call began (the kernel answers EINVAL or ENOMEM): smaps may know better now
            Vma vma = proc.mapping(r.tgid(), start);
            mem = vma == null ? MemType.OTHER : vma.memType(f -> ProcView.onTmpfs(r.tgid(), f));
            pageSize = vma == null ? 4096 : vma.kernelPageSize();
        }
        if (r.ret() == 0) {
            c.regions.add(new Region(start, len, mem, pageSize, modes, null));
        }
        c.emit(r.ts(), env -> new RegisterEvent(env, start, len, mem, pageSize, BitNames.modes(modes), result,
                BitNames.ioctls(ioctls), null, false));
    }
}
