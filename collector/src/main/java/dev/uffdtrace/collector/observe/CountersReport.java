package dev.uffdtrace.collector.observe;

import com.sun.jna.Memory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.function.LongFunction;

/**
 * The kernel's per-ctx counters (struct obs_counters: faults, errors, ioctls[10] indexed by
 * _UFFDIO_* number with API at 9) as one JSON object:
 * {@code {"ctxs":[{"ctx":"…","faults":n,"errors":n,"ioctls":{"ZEROPAGE":n,…}}],"lost":n}}.
 */
final class CountersReport {
    static final int SIZE = 96;
    static final List<String> OPS = List.of("REGISTER", "UNREGISTER", "WAKE", "COPY", "ZEROPAGE", "MOVE",
            "WRITEPROTECT", "CONTINUE", "POISON", "API");

    private final BpfMap map;
    private final LongFunction<String> names;

    CountersReport(BpfMap map, LongFunction<String> names) {
        this.map = map;
        this.names = names;
    }

    String json(long lost) {
        StringBuilder sb = new StringBuilder("{\"ctxs\":[");
        Memory value = new Memory(SIZE);
        boolean first = true;
        for (long id : map.longKeys()) {
            if (!map.lookup(BpfMap.u64(id), value)) {
                continue;
            }
            sb.append(first ? "" : ",");
            first = false;
            String name = names.apply(id);
            entry(sb, name == null ? "kernel:" + id : name, value.getByteBuffer(0, SIZE));
        }
        return sb.append("],\"lost\":").append(lost).append('}').toString();
    }

    /** One ctx's counters from the map value {@code v}. */
    static void entry(StringBuilder sb, String ctx, ByteBuffer v) {
        ByteBuffer b = v.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        sb.append("{\"ctx\":\"").append(ctx.replace("\"", "")).append("\",\"faults\":").append(b.getLong(0))
                .append(",\"errors\":").append(b.getLong(8)).append(",\"ioctls\":{");
        boolean first = true;
        for (int i = 0; i < OPS.size(); i++) {
            long n = b.getLong(16 + 8 * i);
            if (n > 0) {
                sb.append(first ? "" : ",").append('"').append(OPS.get(i)).append("\":").append(n);
                first = false;
            }
        }
        sb.append("}}");
    }
}
