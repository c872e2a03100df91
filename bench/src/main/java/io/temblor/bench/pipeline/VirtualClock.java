package io.temblor.bench.pipeline;

import io.github.bucket4j.TimeMeter;

/**
 * The time every limiter of {@link RateLimitBenchmark} decides at: a clock that moves a fixed step per decision, kept in
 * fixed point ({@link #FRACTION_BITS} bits below the nanosecond) so that steps of a few nanoseconds keep their
 * fraction. Bucket4j reads it as its {@link TimeMeter}; Temblor's TokenBuckets is handed the same value. One thread.
 */
final class VirtualClock implements TimeMeter
{
    /** Bits of the fixed-point time below one nanosecond. */
    static final int FRACTION_BITS = 8;

    private final long stepFixed;
    private long nowFixed;

    /**
     * A clock at {@code startNanos} moving {@code stepFixed / 2^FRACTION_BITS} ns per {@link #advance()}.
     *
     * @param startNanos the first time.
     * @param stepFixed  the step in fixed point.
     */
    VirtualClock(final long startNanos, final long stepFixed)
    {
        this.nowFixed = startNanos << FRACTION_BITS;
        this.stepFixed = stepFixed;
    }

    /**
     * Moves the clock one step.
     *
     * @return the new time in ns.
     */
    long advance()
    {
        nowFixed += stepFixed;
        return nowFixed >>> FRACTION_BITS;
    }

    /** The current time in ns, as Bucket4j reads it. */
    @Override
    public long currentTimeNanos()
    {
        return nowFixed >>> FRACTION_BITS;
    }

    /** Not the wall clock: Bucket4j must not mix it with system time. */
    @Override
    public boolean isWallClockBased()
    {
        return false;
    }
}
