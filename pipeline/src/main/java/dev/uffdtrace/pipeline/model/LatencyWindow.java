package dev.uffdtrace.pipeline.model;

/** One group's latency over one tumbling window, with the group's running total since the job began. */
public class LatencyWindow {
    public String mem;
    public String fault;
    public String op;
    public long windowStartMicros;
    public long windowEndMicros;
    public byte[] window;
    public byte[] total;

    public LatencyWindow() {
    }
}
