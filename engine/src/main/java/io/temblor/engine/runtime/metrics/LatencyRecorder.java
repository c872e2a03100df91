package io.temblor.engine.runtime.metrics;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;

/**
 * Processing latencies of one agent in nanoseconds: the owning agent records each value into an HdrHistogram
 * {@link SingleWriterRecorder} (wait-free, no allocation); readers take a {@link #snapshot} that swaps out the interval
 * histogram and adds it to a running total under a lock only readers take, so the writer never waits.
 */
public final class LatencyRecorder
{
    /** The largest value recorded as itself; longer latencies count as this (one minute). */
    public static final long HIGHEST_TRACKABLE_NS = 60_000_000_000L;
    /** Decimal digits of precision kept. */
    public static final int SIGNIFICANT_DIGITS = 3;

    private final SingleWriterRecorder recorder = new SingleWriterRecorder(1, HIGHEST_TRACKABLE_NS, SIGNIFICANT_DIGITS);
    private final Histogram total = new Histogram(1, HIGHEST_TRACKABLE_NS, SIGNIFICANT_DIGITS);
    private Histogram interval;

    /**
     * Records one latency. Owning agent only.
     *
     * @param ns the latency in nanoseconds (clamped to 1 .. {@link #HIGHEST_TRACKABLE_NS}).
     */
    public void record(final long ns)
    {
        recorder.recordValue(Math.max(1, Math.min(ns, HIGHEST_TRACKABLE_NS)));
    }

    /**
     * All latencies recorded so far, as a copy the caller owns. Any thread but the owner's duty cycle (a reader may
     * wait for another reader).
     *
     * @return the histogram.
     */
    public synchronized Histogram snapshot()
    {
        interval = recorder.getIntervalHistogram(interval);
        total.add(interval);
        return total.copy();
    }
}
