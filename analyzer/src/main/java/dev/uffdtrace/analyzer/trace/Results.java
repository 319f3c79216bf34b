package dev.uffdtrace.analyzer.trace;

/** The {@code result} vocabulary: {@code ok} or the errno name the kernel returned. */
public final class Results {
    public static final String OK = "ok";
    public static final String EINVAL = "EINVAL";
    public static final String ENOENT = "ENOENT";
    public static final String EFAULT = "EFAULT";
    public static final String EEXIST = "EEXIST";
    public static final String EAGAIN = "EAGAIN";

    private Results() {
    }
}
