package dev.uffdtrace.analyzer.trace;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Writes an event as UTF-8 JSON into a reused byte array: byte for byte what
 * {@link TraceJson#write} produces through Jackson (a property test holds the two together), but
 * without a Jackson generator per event, whose set-up cost more than the writing on the Kafka
 * publishing thread (BENCHMARKS.md, issue #4). Strings are escaped as Jackson's UTF-8 generator
 * does by default: {@code "} and {@code \} with a backslash, the control characters below 0x20 in
 * their short form (b, t, n, f, r) or as a six-character unicode escape in uppercase hex, each
 * UTF-16 surrogate as its own unicode escape (Jackson does not join a pair into four UTF-8
 * bytes), everything else as UTF-8. Not thread-safe.
 */
final class EventEncoder {
    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
    /** "00", "01", ... "99" back to back. */
    private static final byte[] DIGIT_PAIRS = new byte[200];
    /** Per ASCII character: 0 copied, -1 unicode escape, otherwise the letter after the backslash. */
    private static final byte[] ASCII_ESCAPES = new byte[128];

    static {
        for (int i = 0; i < 100; i++) {
            DIGIT_PAIRS[2 * i] = (byte) ('0' + i / 10);
            DIGIT_PAIRS[2 * i + 1] = (byte) ('0' + i % 10);
        }
        Arrays.fill(ASCII_ESCAPES, 0, 0x20, (byte) -1);
        ASCII_ESCAPES['"'] = '"';
        ASCII_ESCAPES['\\'] = '\\';
        ASCII_ESCAPES['\b'] = 'b';
        ASCII_ESCAPES['\t'] = 't';
        ASCII_ESCAPES['\n'] = 'n';
        ASCII_ESCAPES['\f'] = 'f';
        ASCII_ESCAPES['\r'] = 'r';
    }

    private static final byte[] HEAD = ascii("{\"v\":" + TraceEvent.VERSION + ",\"type\":");
    private static final byte[] CTX = name("ctx");
    private static final byte[] SEQ = name("seq");
    private static final byte[] MONO_NS = name("mono_ns");
    private static final byte[] TIME_US = name("time_us");
    private static final byte[] HOST = name("host");
    private static final byte[] PID = name("pid");
    private static final byte[] KERNEL = name("kernel");
    private static final byte[] VIA = name("via");
    private static final byte[] PARENT = name("parent");
    private static final byte[] REQUESTED = name("requested");
    private static final byte[] RESULT = name("result");
    private static final byte[] FEATURES = name("features");
    private static final byte[] IOCTLS = name("ioctls");
    private static final byte[] START = name("start");
    private static final byte[] LEN = name("len");
    private static final byte[] MEM = name("mem");
    private static final byte[] PAGE_SIZE = name("page_size");
    private static final byte[] MODES = name("modes");
    private static final byte[] REGION = name("region");
    private static final byte[] INHERITED_TRUE = ascii(",\"inherited\":true");
    private static final byte[] ADDR = name("addr");
    private static final byte[] FLAGS = name("flags");
    private static final byte[] TID = name("tid");
    private static final byte[] OP = name("op");
    private static final byte[] MODE = name("mode");
    private static final byte[] SRC = name("src");
    private static final byte[] BYTES = name("bytes");
    private static final byte[] DUR_NS = name("dur_ns");
    private static final byte[] KIND = name("kind");
    private static final byte[] CHILD = name("child");
    private static final byte[] FROM = name("from");
    private static final byte[] TO = name("to");
    private static final byte[] END = name("end");
    private static final byte[] DROPPED = name("dropped");
    private static final byte[] REASON = name("reason");

    private static final int INITIAL = 512;
    private static final int KEPT_MAX = 64 * 1024;

    private byte[] buf = new byte[INITIAL];
    private int len;
    private final byte[] digits = new byte[20];
    // a collector publishes long runs of one ctx: its quoted form is kept rather than escaped per event
    private String lastCtx;
    private byte[] lastCtxJson;

    /** The event's JSON, without a newline, in a new array of its exact length. */
    byte[] encode(TraceEvent e) {
        len = 0;
        raw(HEAD);
        string(e.type());
        raw(CTX);
        ctx(e.ctx());
        raw(SEQ);
        number(e.seq());
        raw(MONO_NS);
        number(e.monoNanos());
        raw(TIME_US);
        number(e.timeMicros());
        body(e);
        ensure(1);
        buf[len++] = '}';
        byte[] out = Arrays.copyOf(buf, len);
        if (buf.length > KEPT_MAX) {
            buf = new byte[INITIAL]; // one outsized event does not pin its buffer for the publisher's lifetime
        }
        return out;
    }

    // the same fields in the same order as TraceJson.writeBody
    private void body(TraceEvent e) {
        if (e instanceof OpenEvent o) {
            field(HOST, o.host());
            field(PID, o.pid());
            field(KERNEL, o.kernel());
            field(VIA, o.via());
            optional(PARENT, o.parent());
            strings(REQUESTED, o.requested());
            field(RESULT, o.result());
            strings(FEATURES, o.features());
            strings(IOCTLS, o.ioctls());
        } else if (e instanceof RegisterEvent r) {
            register(r);
        } else if (e instanceof UnregisterEvent u) {
            field(START, u.start());
            field(LEN, u.len());
            field(RESULT, u.result());
        } else if (e instanceof FaultEvent f) {
            field(ADDR, f.addr());
            strings(FLAGS, f.flags());
            optional(TID, f.tid());
        } else if (e instanceof IoctlEvent i) {
            field(OP, i.op());
            field(START, i.start());
            field(LEN, i.len());
            strings(MODE, i.mode());
            field(RESULT, i.result());
            optional(SRC, i.src());
            optional(BYTES, i.bytes());
            optional(DUR_NS, i.durNanos());
        } else if (e instanceof UffdMessageEvent m) {
            field(KIND, m.kind());
            optional(CHILD, m.child());
            optional(FROM, m.from());
            optional(TO, m.to());
            optional(LEN, m.len());
            optional(START, m.start());
            optional(END, m.end());
        } else if (e instanceof LossEvent l) {
            field(DROPPED, l.dropped());
            field(REASON, l.reason());
        }
        // CloseEvent has no body
    }

    private void register(RegisterEvent r) {
        field(START, r.start());
        field(LEN, r.len());
        field(MEM, r.mem().wireName());
        field(PAGE_SIZE, r.pageSize());
        strings(MODES, r.modes());
        field(RESULT, r.result());
        strings(IOCTLS, r.ioctls());
        optional(REGION, r.region());
        if (r.inherited()) {
            raw(INHERITED_TRUE);
        }
    }

    private void ctx(String ctx) {
        if (ctx != lastCtx && !ctx.equals(lastCtx)) {
            int from = len;
            string(ctx);
            lastCtxJson = Arrays.copyOfRange(buf, from, len);
            lastCtx = ctx;
            return;
        }
        raw(lastCtxJson);
    }

    private void field(byte[] name, String value) {
        raw(name);
        string(value);
    }

    private void field(byte[] name, long value) {
        raw(name);
        number(value);
    }

    private void optional(byte[] name, String value) {
        if (value != null) {
            field(name, value);
        }
    }

    private void optional(byte[] name, Long value) {
        if (value != null) {
            field(name, value);
        }
    }

    private void strings(byte[] name, List<String> values) {
        raw(name);
        ensure(1);
        buf[len++] = '[';
        for (int i = 0, n = values.size(); i < n; i++) {
            if (i > 0) {
                ensure(1);
                buf[len++] = ',';
            }
            string(values.get(i));
        }
        ensure(1);
        buf[len++] = ']';
    }

    private void string(String s) {
        int n = s.length();
        ensure(2 + 6L * n); // the worst case: every character a six-byte escape
        byte[] b = buf;
        int p = len;
        b[p++] = '"';
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                byte esc = ASCII_ESCAPES[c];
                if (esc == 0) {
                    b[p++] = (byte) c;
                } else if (esc > 0) {
                    b[p++] = '\\';
                    b[p++] = esc;
                } else {
                    p = unicodeEscape(b, p, c);
                }
            } else if (c < 0x800) {
                b[p++] = (byte) (0xC0 | (c >> 6));
                b[p++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isSurrogate(c)) {
                p = unicodeEscape(b, p, c);
            } else {
                b[p++] = (byte) (0xE0 | (c >> 12));
                b[p++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                b[p++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        b[p++] = '"';
        len = p;
    }

    private static int unicodeEscape(byte[] b, int p, char c) {
        b[p++] = '\\';
        b[p++] = 'u';
        b[p++] = HEX[(c >> 12) & 0xF];
        b[p++] = HEX[(c >> 8) & 0xF];
        b[p++] = HEX[(c >> 4) & 0xF];
        b[p++] = HEX[c & 0xF];
        return p;
    }

    private void number(long v) {
        ensure(20); // '-' and 19 digits
        long n = v;
        if (n < 0) {
            buf[len++] = '-';
        } else {
            n = -n; // digits are taken from the negative value: Long.MIN_VALUE has no positive counterpart
        }
        // two digits per division: the envelope's clocks have 13 to 16 digits, and the divisions
        // were the encoder's largest cost in a profile of the publishing thread
        int i = digits.length;
        while (n <= -100) {
            long q = n / 100;
            int r = (int) (q * 100 - n) << 1;
            digits[--i] = DIGIT_PAIRS[r + 1];
            digits[--i] = DIGIT_PAIRS[r];
            n = q;
        }
        int r = (int) -n;
        if (r >= 10) {
            digits[--i] = DIGIT_PAIRS[(r << 1) + 1];
            digits[--i] = DIGIT_PAIRS[r << 1];
        } else {
            digits[--i] = (byte) ('0' + r);
        }
        int count = digits.length - i;
        System.arraycopy(digits, i, buf, len, count);
        len += count;
    }

    private void raw(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buf, len, bytes.length);
        len += bytes.length;
    }

    private void ensure(long more) {
        long need = len + more;
        if (need > buf.length) {
            if (need > Integer.MAX_VALUE - 16) {
                throw new IllegalArgumentException("event: too large to encode (" + need + " bytes worst case)");
            }
            buf = Arrays.copyOf(buf, (int) Math.max(need, Math.min(Integer.MAX_VALUE - 16, 2L * buf.length)));
        }
    }

    private static byte[] name(String name) {
        return ascii(",\"" + name + "\":");
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
