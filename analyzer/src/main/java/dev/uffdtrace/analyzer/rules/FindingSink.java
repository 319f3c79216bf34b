package dev.uffdtrace.analyzer.rules;

/** Where rule checks put their findings. */
@FunctionalInterface
public interface FindingSink {
    void finding(Finding finding);
}
