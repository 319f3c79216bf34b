package dev.uffdtrace.pipeline.function;

import dev.uffdtrace.pipeline.model.TraceRecord;
import java.nio.charset.StandardCharsets;

/** Named moments of one uffd's life, as the records the keyed replay receives. */
final class Events {
    static final String CTX = "host:42:0:boot";
    static final long T0 = 1_764_300_000_000_000L;
    static final long ONE_SECOND = 1_000_000L;
    static final long BASE = 0x7f00_0000_0000L;
    static final long PAGE = 4096;

    private Events() {
    }

    static TraceRecord open(long seq, long t) {
        return record(seq, t, "\"type\":\"open\"", ",\"host\":\"h\",\"pid\":42,\"kernel\":\"6.18.44\",\"via\":\"syscall\","
                + "\"requested\":[],\"result\":\"ok\",\"features\":[],\"ioctls\":[]");
    }

    static TraceRecord registerAnon(long seq, long t) {
        return record(seq, t, "\"type\":\"register\"", ",\"start\":" + BASE + ",\"len\":" + (16 * PAGE)
                + ",\"mem\":\"anon\",\"page_size\":4096,\"modes\":[\"MISSING\"],\"result\":\"ok\",\"ioctls\":[\"COPY\"]");
    }

    static TraceRecord fault(long seq, long t, int page) {
        return record(seq, t, "\"type\":\"fault\"", ",\"addr\":" + (BASE + page * PAGE + 8) + ",\"flags\":[]");
    }

    static TraceRecord copy(long seq, long t, int page) {
        return ioctl(seq, t, "COPY", BASE + page * PAGE);
    }

    static TraceRecord continueOnAnon(long seq, long t) {
        return ioctl(seq, t, "CONTINUE", BASE);
    }

    static TraceRecord close(long seq, long t) {
        return record(seq, t, "\"type\":\"close\"", "");
    }

    private static TraceRecord ioctl(long seq, long t, String op, long start) {
        return record(seq, t, "\"type\":\"ioctl\"", ",\"op\":\"" + op + "\",\"start\":" + start + ",\"len\":" + PAGE
                + ",\"mode\":[],\"result\":\"ok\"");
    }

    private static TraceRecord record(long seq, long t, String type, String body) {
        String json = "{\"v\":1," + type + ",\"ctx\":\"" + CTX + "\",\"seq\":" + seq + ",\"mono_ns\":" + (t * 1000)
                + ",\"time_us\":" + t + body + "}";
        return new TraceRecord(CTX, t, seq, 0, seq + 1, json.getBytes(StandardCharsets.UTF_8));
    }
}
