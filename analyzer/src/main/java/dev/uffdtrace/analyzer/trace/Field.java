package dev.uffdtrace.analyzer.trace;

/** Every field name of format version 1, with the JSON kind it must have. */
enum Field {
    V("v", Kind.INT), TYPE("type", Kind.STRING), CTX("ctx", Kind.STRING), SEQ("seq", Kind.INT),
    MONO_NS("mono_ns", Kind.INT), TIME_US("time_us", Kind.INT),
    HOST("host", Kind.STRING), PID("pid", Kind.INT), KERNEL("kernel", Kind.STRING), VIA("via", Kind.STRING),
    PARENT("parent", Kind.STRING), REQUESTED("requested", Kind.STRINGS), RESULT("result", Kind.STRING),
    FEATURES("features", Kind.STRINGS), IOCTLS("ioctls", Kind.STRINGS),
    START("start", Kind.INT), LEN("len", Kind.INT), MEM("mem", Kind.STRING), PAGE_SIZE("page_size", Kind.INT),
    MODES("modes", Kind.STRINGS), REGION("region", Kind.STRING), INHERITED("inherited", Kind.BOOL),
    ADDR("addr", Kind.INT), FLAGS("flags", Kind.STRINGS), TID("tid", Kind.INT),
    OP("op", Kind.STRING), MODE("mode", Kind.STRINGS), SRC("src", Kind.INT), BYTES("bytes", Kind.INT),
    DUR_NS("dur_ns", Kind.INT), KIND("kind", Kind.STRING), CHILD("child", Kind.STRING), FROM("from", Kind.INT),
    TO("to", Kind.INT), END("end", Kind.INT), DROPPED("dropped", Kind.INT), REASON("reason", Kind.STRING);

    enum Kind {
        INT("an integer"), STRING("a string"), STRINGS("an array of strings"), BOOL("a boolean");

        final String description;

        Kind(String description) {
            this.description = description;
        }
    }

    final String wireName;
    final Kind kind;

    Field(String wireName, Kind kind) {
        this.wireName = wireName;
        this.kind = kind;
    }

    private static final java.util.Map<String, Field> BY_NAME = new java.util.HashMap<>();

    static {
        for (Field f : values()) {
            BY_NAME.put(f.wireName, f);
        }
    }

    static Field named(String name) {
        return BY_NAME.get(name);
    }
}
