package dev.uffdtrace.analyzer.rules;

/** How bad a finding is; the wire form is the lower-case name. */
public enum Severity {
    CRITICAL, ERROR, WARNING, INFO;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static Severity fromWire(String s) {
        return valueOf(s.toUpperCase(java.util.Locale.ROOT));
    }
}
