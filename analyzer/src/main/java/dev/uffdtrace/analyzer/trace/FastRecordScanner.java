package dev.uffdtrace.analyzer.trace;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The fast path of {@link TraceJson#decode}: scans one record's UTF-8 bytes straight into
 * {@link RecordFields}, without a Jackson parser, token objects or a name map.
 *
 * <p>It handles only what the trace writer and ordinary collectors produce: a flat object whose
 * known fields hold integers that fit in a long, strings, arrays of strings, booleans or null, and
 * whose unknown fields hold any JSON without fractions or exponents. Whenever a record is anything
 * else, or is not JSON at all, {@link #scan} answers false and the caller decodes it with Jackson,
 * which names the reason. So this class never decides that a record is invalid: it may only accept
 * records that Jackson reads to exactly the same fields. Where Jackson is lax (overlong UTF-8,
 * lone surrogates in raw bytes) or has limits (nesting depth, number length), this scanner is
 * stricter and falls back.
 *
 * <p>Reuses its buffers: not thread-safe, one per {@link TraceJson}.
 */
final class FastRecordScanner {
    /** Records longer than this go to Jackson, so its length limits stay the only ones. */
    static final int MAX_BYTES = TraceReader.MAX_LINE_BYTES;
    /** Deeper unknown values go to Jackson (its limit is 64, counting the record itself). */
    private static final int MAX_SKIP_DEPTH = 32;
    /** Longer names are unknown anyway; Jackson caps names at 50,000 bytes. */
    private static final int MAX_NAME_BYTES = 64;

    /*
     * Word-at-a-time scanning: eight bytes are read as one little-endian long and tested at
     * once. The tests flag a byte by setting its high bit; a borrow can set false flags, but
     * only above a true one, so the lowest flag is always exact.
     */
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGH_BITS = 0x8080808080808080L;
    private static final long QUOTES = ONES * '"';
    private static final long BACKSLASHES = ONES * '\\';
    private static final long SPACES = ONES * ' ';

    /** Raised, preallocated and without a stack trace, when the record must go to Jackson. */
    private static final class Unhandled extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Unhandled() {
            super("handled by Jackson", null, false, false);
        }
    }

    private static final Unhandled UNHANDLED = new Unhandled();

    /**
     * Known fields with names of up to eight bytes, in an open-addressing table keyed by the
     * name read as one little-endian long. The bytes of a name are never zero (the scan stops at
     * controls), so equal keys are equal names. The few longer names are compared byte by byte.
     */
    private static final int SLOTS = 128;
    private static final long[] SLOT_KEYS = new long[SLOTS];
    private static final Field[] SLOT_FIELDS = new Field[SLOTS];
    private static final Field[] LONG_NAMED = Arrays.stream(Field.values())
            .filter(f -> f.wireName.length() > Long.BYTES).toArray(Field[]::new);
    private static final byte[][] LONG_NAMES = Arrays.stream(LONG_NAMED)
            .map(f -> f.wireName.getBytes(StandardCharsets.US_ASCII)).toArray(byte[][]::new);

    static {
        for (Field f : Field.values()) {
            byte[] name = f.wireName.getBytes(StandardCharsets.US_ASCII);
            if (name.length > Long.BYTES) {
                continue;
            }
            long key = 0;
            for (int i = 0; i < name.length; i++) {
                key |= (long) name[i] << (8 * i);
            }
            int slot = slot(key);
            while (SLOT_FIELDS[slot] != null) {
                slot = (slot + 1) & (SLOTS - 1);
            }
            SLOT_KEYS[slot] = key;
            SLOT_FIELDS[slot] = f;
        }
    }

    private static int slot(long key) {
        return (int) ((key * 0x9E3779B97F4A7C15L) >>> 57); // the top 7 bits of a Fibonacci hash
    }

    /** The known field named {@code buf[start, start+len)}, or null; a name has no zero bytes. */
    private Field field(int start, int len) {
        if (len > Long.BYTES) {
            return longNamedField(start, len);
        }
        long key = firstBytes(start, len);
        for (int slot = slot(key); SLOT_FIELDS[slot] != null; slot = (slot + 1) & (SLOTS - 1)) {
            if (SLOT_KEYS[slot] == key) {
                return SLOT_FIELDS[slot];
            }
        }
        return null;
    }

    private Field longNamedField(int start, int len) {
        for (int i = 0; i < LONG_NAMES.length; i++) {
            if (LONG_NAMES[i].length == len && Arrays.equals(LONG_NAMES[i], 0, len, buf, start, start + len)) {
                return LONG_NAMED[i];
            }
        }
        return null;
    }

    /**
     * A cache of short ASCII strings keyed by their content, which for up to sixteen bytes is two
     * little-endian longs and the length (no byte is zero: the scan stops at controls).
     */
    private static final int STRING_CACHE_BITS = 10;
    private static final int MAX_CACHED_STRING = 2 * Long.BYTES;
    private final long[] cachedHeads = new long[1 << STRING_CACHE_BITS];
    private final long[] cachedTails = new long[1 << STRING_CACHE_BITS];
    private final String[] cachedStrings = new String[1 << STRING_CACHE_BITS];

    /**
     * A cache of short string arrays keyed by their raw bytes, bracket to bracket, in the same
     * two-longs form as the string cache: fault flags and ioctl modes repeat a few values
     * ({@code ["WRITE"]}, {@code ["WP"]}, ...) on every line. Only an array whose first ']' is
     * its own closing bracket is kept, so a lookup can take the bytes up to the first ']' as the
     * whole array. The lists are unmodifiable, so sharing one is unobservable.
     */
    private static final int LIST_CACHE_BITS = 6;
    private final long[] cachedListHeads = new long[1 << LIST_CACHE_BITS];
    private final long[] cachedListTails = new long[1 << LIST_CACHE_BITS];
    private final int[] cachedListLengths = new int[1 << LIST_CACHE_BITS];
    @SuppressWarnings("unchecked")
    private final List<String>[] cachedLists = new List[1 << LIST_CACHE_BITS];

    private byte[] buf;
    private int pos;
    private int end;
    /** Decoded characters of a string that has escapes or non-ASCII bytes. */
    private char[] chars = new char[256];
    /** The elements of the string array being read. */
    private String[] items = new String[8];

    /**
     * Fills {@code into} from the record in {@code bytes[off, off+len)} and answers true, or
     * answers false (leaving {@code into} in any state) when Jackson must decode the record.
     */
    boolean scan(byte[] bytes, int off, int len, RecordFields into) {
        if (len > MAX_BYTES) {
            return false;
        }
        buf = bytes;
        pos = off;
        end = off + len;
        try {
            into.clear();
            readRecord(into);
            return true;
        } catch (Unhandled e) {
            return false;
        } finally {
            buf = null;
        }
    }

    // ------------------------------------------------------------------ structure

    private void readRecord(RecordFields into) {
        skipWhitespace();
        expect('{');
        skipWhitespace();
        if (peek() == '}') {
            pos++;
        } else {
            readMembers(into);
        }
        skipWhitespace();
        if (pos != end) {
            throw UNHANDLED; // trailing data
        }
    }

    /** The members of the record, up to and including its closing brace. */
    private void readMembers(RecordFields into) {
        while (true) {
            expectAfterWhitespace('"');
            Field f = readName();
            expectAfterWhitespace(':');
            skipWhitespace();
            if (f == null) {
                skipValue(1);
            } else {
                // a later duplicate replaces an earlier one, as in RecordFields.read
                readField(f, into);
            }
            byte c = nextAfterWhitespace();
            if (c == '}') {
                return;
            }
            if (c != ',') {
                throw UNHANDLED;
            }
        }
    }

    /**
     * The known field named by the name starting at {@code pos} (after its opening quote), or null
     * for an unknown one; leaves {@code pos} after the closing quote. Names with escapes or bytes
     * outside printable ASCII go to Jackson: no known name has them.
     */
    private Field readName() {
        int start = pos;
        int quote = plainRunEnd(start);
        if (buf[quote] != '"') {
            throw UNHANDLED; // no known name has an escape or a byte outside printable ASCII
        }
        pos = quote + 1;
        int len = quote - start;
        if (len > MAX_NAME_BYTES) {
            throw UNHANDLED;
        }
        return field(start, len);
    }

    /** Reads a known field's value into {@code into}; anything but its own kind or null goes to Jackson. */
    private void readField(Field f, RecordFields into) {
        byte c = peek();
        if (c == 'n') {
            literal("null");
            into.set(f, null); // null is the same as absent
            return;
        }
        // an if-chain, most frequent kind first: cheaper than an enum switch's table lookup
        Field.Kind kind = f.kind;
        if (kind == Field.Kind.INT) {
            into.setLong(f, readInteger());
        } else if (kind == Field.Kind.STRING) {
            expect('"');
            into.set(f, readString());
        } else if (kind == Field.Kind.STRINGS) {
            into.set(f, readStrings());
        } else {
            into.set(f, readBoolean(c));
        }
    }

    private Boolean readBoolean(byte first) {
        if (first == 't') {
            literal("true");
            return Boolean.TRUE;
        }
        literal("false");
        return Boolean.FALSE;
    }

    /** The literal {@code word} at {@code pos}; what follows it is checked by the caller. */
    private void literal(String word) {
        int n = word.length();
        if (end - pos < n) {
            throw UNHANDLED;
        }
        for (int i = 0; i < n; i++) {
            if (buf[pos + i] != word.charAt(i)) {
                throw UNHANDLED;
            }
        }
        pos += n;
    }

    // ------------------------------------------------------------------ numbers

    /** Largest first 18 digits of a 19-digit long: 922337203685477580 of 9223372036854775807. */
    private static final long MAX_HEAD = Long.MAX_VALUE / 10;

    /**
     * An integer that fits in a long, as Jackson reads it. A fraction or exponent leaves a '.' or
     * 'e' where the caller expects ',' or '}', so it goes to Jackson; so do leading zeros (not
     * JSON), "-0" (not worth proving Jackson's reading of it) and anything beyond a long.
     * Up to 18 digits cannot overflow, so only a 19-digit number is checked (read again).
     */
    private long readInteger() {
        boolean negative = buf[pos] == '-';
        int first = negative ? pos + 1 : pos;
        int p = first;
        long v = 0;
        long w;
        while (p + Long.BYTES <= end && allDigits(w = word(p))) {
            v = v * 100_000_000 + eightDigits(w); // beyond 18 digits v is wrong, and unused
            p += Long.BYTES;
        }
        while (p < end) {
            int d = buf[p] - '0';
            if (d < 0 || d > 9) {
                break;
            }
            v = v * 10 + d; // up to 18 digits cannot overflow; 19 are read again below
            p++;
        }
        int digits = p - first;
        if (digits == 0 || digits > 19 || (digits > 1 && buf[first] == '0') || (negative && v == 0)) {
            throw UNHANDLED;
        }
        pos = p;
        if (digits == 19) {
            return nineteenDigits(first, negative);
        }
        return negative ? -v : v;
    }

    private static final long ZEROS = ONES * '0';
    private static final long HIGH_NIBBLES = 0xF0F0F0F0F0F0F0F0L;

    /** Whether all eight bytes of {@code w} are ASCII digits: high nibble 3, and still 3 after adding 6. */
    private static boolean allDigits(long w) {
        return ((w & HIGH_NIBBLES) | (((w + ONES * 6) & HIGH_NIBBLES) >>> 4)) == ONES * 0x33;
    }

    /**
     * The value of eight ASCII digits read little-endian (the first digit in the lowest byte):
     * neighbouring digits are combined into pairs, pairs into fours, fours into eight, each step
     * one multiply on all lanes at once.
     */
    private static long eightDigits(long w) {
        long d = w - ZEROS;
        d = (d * 10 + (d >>> 8)) & 0x00FF00FF00FF00FFL;
        d = (d * 100 + (d >>> 16)) & 0x0000FFFF0000FFFFL;
        return (d * 10000 + (d >>> 32)) & 0xFFFFFFFFL;
    }

    /** A 19-digit integer, which may or may not fit in a long. */
    private long nineteenDigits(int first, boolean negative) {
        long head = 0;
        for (int i = first; i < first + 18; i++) {
            head = head * 10 + (buf[i] - '0');
        }
        int last = buf[first + 18] - '0';
        // Long.MIN_VALUE's magnitude ends in 8, Long.MAX_VALUE's in 7
        if (head > MAX_HEAD || (head == MAX_HEAD && last > (negative ? 8 : 7))) {
            throw UNHANDLED; // Jackson reads it as a big integer: "out of range"
        }
        return negative ? -head * 10 - last : head * 10 + last;
    }

    // ------------------------------------------------------------------ strings

    /**
     * The string whose opening quote is just before {@code pos}; leaves {@code pos} after its
     * closing quote. The common case, printable ASCII without escapes, is one scan, and no
     * allocation when the string was seen lately.
     */
    private String readString() {
        int start = pos;
        int quote = plainRunEnd(start);
        if (buf[quote] != '"') {
            return readStringSlowly(start, quote);
        }
        pos = quote + 1;
        return asciiString(start, quote - start);
    }

    /**
     * The ASCII string {@code buf[start, start+len)}, from the string cache when it is short:
     * traces repeat a few values (types, ctx ids, ops, results, flags) on every line, and a hit
     * saves a string and its byte array. Strings are immutable, so sharing one is unobservable.
     */
    private String asciiString(int start, int len) {
        if (len > MAX_CACHED_STRING) {
            return new String(buf, start, len, StandardCharsets.ISO_8859_1);
        }
        long head = firstBytes(start, Math.min(len, Long.BYTES));
        long tail = len > Long.BYTES ? firstBytes(start + Long.BYTES, len - Long.BYTES) : 0;
        // the length need not be hashed or kept: without zero bytes, head and tail imply it
        int slot = (int) (((head * 31 + tail) * 0x9E3779B97F4A7C15L) >>> (64 - STRING_CACHE_BITS));
        String cached = cachedStrings[slot];
        if (cached != null && cachedHeads[slot] == head && cachedTails[slot] == tail) {
            return cached;
        }
        String s = new String(buf, start, len, StandardCharsets.ISO_8859_1);
        cachedHeads[slot] = head;
        cachedTails[slot] = tail;
        cachedStrings[slot] = s;
        return s;
    }

    /** The rest of a string from {@code p}, where an escape or a non-ASCII byte starts. */
    private String readStringSlowly(int start, int p) {
        if (chars.length < end - start) {
            chars = new char[Math.max(end - start, chars.length * 2)];
        }
        int n = 0;
        for (int i = start; i < p; i++) {
            chars[n++] = (char) buf[i];
        }
        while (true) {
            int c = at(p) & 0xff;
            if (c == '"') {
                pos = p + 1;
                return new String(chars, 0, n);
            }
            if (c == '\\') {
                p = unescape(p + 1, n);
                n++;
            } else if (c >= 0x80) {
                int cp = decodeUtf8(p, c);
                p += utf8Length(c);
                n += Character.toChars(cp, chars, n);
            } else if (c < 0x20) {
                throw UNHANDLED; // Jackson rejects unescaped control characters
            } else {
                chars[n++] = (char) c;
                p++;
            }
        }
    }

    /**
     * Decodes the escape after the backslash at {@code p - 1} into {@code chars[n]} and answers
     * the index after it. A {@code \\uXXXX} is one UTF-16 unit, as in Jackson: a surrogate pair
     * is two escapes, and a lone surrogate stays one.
     */
    private int unescape(int p, int n) {
        char e = (char) at(p);
        char c;
        switch (e) {
            case '"', '\\', '/' -> c = e;
            case 'b' -> c = '\b';
            case 'f' -> c = '\f';
            case 'n' -> c = '\n';
            case 'r' -> c = '\r';
            case 't' -> c = '\t';
            case 'u' -> {
                int v = 0;
                for (int i = 1; i <= 4; i++) {
                    v = (v << 4) | hexDigit(at(p + i));
                }
                chars[n] = (char) v;
                return p + 5;
            }
            default -> throw UNHANDLED; // Jackson rejects other escapes
        }
        chars[n] = c;
        return p + 1;
    }

    private static int hexDigit(byte b) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        if (b >= 'a' && b <= 'f') {
            return b - 'a' + 10;
        }
        if (b >= 'A' && b <= 'F') {
            return b - 'A' + 10;
        }
        throw UNHANDLED;
    }

    private static int utf8Length(int lead) {
        return lead < 0xe0 ? 2 : lead < 0xf0 ? 3 : 4;
    }

    /**
     * The code point of the well-formed UTF-8 sequence at {@code p} (Unicode's table 3-7: no
     * overlong forms, no surrogates, nothing above U+10FFFF). Jackson accepts some ill-formed
     * sequences too and reads them its own way, so those go to Jackson.
     */
    private int decodeUtf8(int p, int lead) {
        if (lead < 0xc2 || lead > 0xf4) {
            throw UNHANDLED;
        }
        if (lead < 0xe0) {
            return (lead & 0x1f) << 6 | continuation(p + 1, 0x80, 0xbf);
        }
        if (lead < 0xf0) {
            int lo = lead == 0xe0 ? 0xa0 : 0x80;
            int hi = lead == 0xed ? 0x9f : 0xbf;
            return (lead & 0x0f) << 12 | continuation(p + 1, lo, hi) << 6 | continuation(p + 2, 0x80, 0xbf);
        }
        int lo = lead == 0xf0 ? 0x90 : 0x80;
        int hi = lead == 0xf4 ? 0x8f : 0xbf;
        return (lead & 0x07) << 18 | continuation(p + 1, lo, hi) << 12 | continuation(p + 2, 0x80, 0xbf) << 6
                | continuation(p + 3, 0x80, 0xbf);
    }

    /** The six payload bits of the continuation byte at {@code p}, which must be in [lo, hi]. */
    private int continuation(int p, int lo, int hi) {
        int b = at(p) & 0xff;
        if (b < lo || b > hi) {
            throw UNHANDLED;
        }
        return b & 0x3f;
    }

    /** An array of strings; an element of another kind goes to Jackson. */
    private List<String> readStrings() {
        expect('[');
        int open = pos - 1;
        // the raw array, if it is short: bytes [open, close] with close the first ']' after open
        int close = -1;
        for (int i = pos, limit = Math.min(end, open + MAX_CACHED_STRING); i < limit; i++) {
            if (buf[i] == ']') {
                close = i;
                break;
            }
        }
        int slot = 0;
        long head = 0;
        long tail = 0;
        int len = close - open + 1;
        if (close >= 0) {
            head = firstBytes(open, Math.min(len, Long.BYTES));
            tail = len > Long.BYTES ? firstBytes(open + Long.BYTES, len - Long.BYTES) : 0;
            slot = (int) (((head * 31 + tail) * 0x9E3779B97F4A7C15L) >>> (64 - LIST_CACHE_BITS));
            List<String> cached = cachedLists[slot];
            if (cached != null && cachedListLengths[slot] == len && cachedListHeads[slot] == head
                    && cachedListTails[slot] == tail) {
                pos = close + 1;
                return cached;
            }
        }
        List<String> list = readStringsAfterBracket();
        if (close >= 0 && pos == close + 1) { // its closing bracket is the first ']': keep it
            cachedListHeads[slot] = head;
            cachedListTails[slot] = tail;
            cachedListLengths[slot] = len;
            cachedLists[slot] = list;
        }
        return list;
    }

    /** The rest of a string array whose '[' is just before {@code pos}. */
    private List<String> readStringsAfterBracket() {
        skipWhitespace();
        if (peek() == ']') {
            pos++;
            return List.of();
        }
        int n = 0;
        while (true) {
            expectAfterWhitespace('"');
            if (n == items.length) {
                items = Arrays.copyOf(items, n * 2);
            }
            items[n++] = readString();
            byte c = nextAfterWhitespace();
            if (c == ']') {
                break;
            }
            if (c != ',') {
                throw UNHANDLED;
            }
        }
        // an unmodifiable list: the event's List.copyOf then keeps it as it is
        List<String> list = switch (n) {
            case 1 -> List.of(items[0]);
            case 2 -> List.of(items[0], items[1]);
            default -> List.of(Arrays.copyOf(items, n));
        };
        Arrays.fill(items, 0, n, null);
        return list;
    }

    // ------------------------------------------------------------------ unknown values

    /** Skips the value of an unknown field, checking it as strictly as it would be read. */
    private void skipValue(int depth) {
        byte c = peek();
        switch (c) {
            case '"' -> {
                pos++;
                skipString();
            }
            case '{' -> skipObject(depth + 1);
            case '[' -> skipArray(depth + 1);
            case 't' -> literal("true");
            case 'f' -> literal("false");
            case 'n' -> literal("null");
            default -> {
                if (c != '-' && (c < '0' || c > '9')) {
                    throw UNHANDLED;
                }
                readInteger();
            }
        }
    }

    private void skipString() {
        int quote = plainRunEnd(pos);
        if (buf[quote] != '"') {
            readStringSlowly(pos, quote); // validates; the string itself is dropped
            return;
        }
        pos = quote + 1;
    }

    private void skipObject(int depth) {
        if (depth > MAX_SKIP_DEPTH) {
            throw UNHANDLED;
        }
        expect('{');
        skipWhitespace();
        if (peek() == '}') {
            pos++;
            return;
        }
        while (true) {
            expect('"');
            int nameStart = pos;
            skipString();
            if (pos - nameStart > MAX_NAME_BYTES) {
                throw UNHANDLED; // stay far from Jackson's limit on name length
            }
            skipWhitespace();
            expect(':');
            skipWhitespace();
            skipValue(depth);
            skipWhitespace();
            byte c = next();
            if (c == '}') {
                return;
            }
            if (c != ',') {
                throw UNHANDLED;
            }
            skipWhitespace();
        }
    }

    private void skipArray(int depth) {
        if (depth > MAX_SKIP_DEPTH) {
            throw UNHANDLED;
        }
        expect('[');
        skipWhitespace();
        if (peek() == ']') {
            pos++;
            return;
        }
        while (true) {
            skipValue(depth);
            skipWhitespace();
            byte c = next();
            if (c == ']') {
                return;
            }
            if (c != ',') {
                throw UNHANDLED;
            }
            skipWhitespace();
        }
    }

    // ------------------------------------------------------------------ bytes

    private long word(int p) {
        return (long) LONGS.get(buf, p);
    }

    /** Flags the zero bytes of {@code w}. */
    private static long zeroBytes(long w) {
        return (w - ONES) & ~w & HIGH_BITS;
    }

    /** Flags the bytes that end a plain run of a string: '"', '\\', controls, and bytes >= 0x80. */
    private static long specialBytes(long w) {
        long controls = (w - SPACES) & ~w & HIGH_BITS;
        return zeroBytes(w ^ QUOTES) | zeroBytes(w ^ BACKSLASHES) | controls | (w & HIGH_BITS);
    }

    /**
     * The index of the first byte from {@code p} on that is a quote, a backslash, a control or
     * not ASCII; inside a string, everything before it is itself. Past the record's end the
     * string is unterminated: Jackson's case.
     */
    private int plainRunEnd(int p) {
        for (; p + Long.BYTES <= end; p += Long.BYTES) {
            long special = specialBytes(word(p));
            if (special != 0) {
                return p + (Long.numberOfTrailingZeros(special) >>> 3);
            }
        }
        for (; p < end; p++) {
            byte c = buf[p];
            if (c == '"' || c == '\\' || c < 0x20) { // bytes >= 0x80 are negative
                return p;
            }
        }
        throw UNHANDLED;
    }

    /** Up to the first eight bytes of {@code buf[start, start+len)} as a little-endian long, zero above. */
    private long firstBytes(int start, int len) {
        if (len >= Long.BYTES) {
            return word(start);
        }
        if (start + Long.BYTES <= buf.length) {
            return word(start) & ((1L << (len << 3)) - 1); // bytes past the string are masked off
        }
        long key = 0;
        for (int i = 0; i < len; i++) {
            key |= (buf[start + i] & 0xffL) << (i << 3);
        }
        return key;
    }

    /** Skips JSON whitespace, the same four bytes Jackson skips. */
    private void skipWhitespace() {
        int p = pos;
        while (p < end) {
            byte c = buf[p];
            // one comparison for the usual case, a token's first byte
            if (c > ' ' || (c != ' ' && c != '\t' && c != '\n' && c != '\r')) {
                break;
            }
            p++;
        }
        pos = p;
    }

    /** The byte at {@code p}, which must be inside the record (the buffer may hold more lines). */
    private byte at(int p) {
        if (p >= end) {
            throw UNHANDLED;
        }
        return buf[p];
    }

    private byte peek() {
        if (pos >= end) {
            throw UNHANDLED;
        }
        return buf[pos];
    }

    private byte next() {
        if (pos >= end) {
            throw UNHANDLED;
        }
        return buf[pos++];
    }

    /** Expects {@code c}, after whitespace only when it is not right there (the usual case). */
    private void expectAfterWhitespace(char c) {
        if (pos < end && buf[pos] == c) {
            pos++;
            return;
        }
        skipWhitespace();
        expect(c);
    }

    /** The next byte that is not whitespace, consumed. */
    private byte nextAfterWhitespace() {
        if (pos < end && buf[pos] > ' ') { // the usual case: no whitespace
            return buf[pos++];
        }
        skipWhitespace();
        return next();
    }

    private void expect(char c) {
        if (next() != c) {
            throw UNHANDLED;
        }
    }
}
