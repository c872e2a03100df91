package io.temblor.script.aggr;

/**
 * DDSketch as the {@code sketches-ddsketch} crate (0.3) implements it with {@code Config::defaults()} (relative
 * accuracy 0.01, at most 2048 bins, values at or below 1e-9 counted as zeros), the sketch behind Tremor's dds.
 * Logarithms and exponentials use {@link StrictMath} (fdlibm), a deterministic stand-in for the platform libm the
 * crate calls. Tremor never adds negative values, so the crate's negative store (always empty there) is left out.
 */
final class DdSketch
{
    static final double ALPHA = 0.01;
    static final int MAX_BINS = 2048;
    static final double MIN_VALUE = 1.0e-9;
    static final double GAMMA = 1.0 + (2.0 * ALPHA) / (1.0 - ALPHA);
    static final double GAMMA_LN = StrictMath.log1p((2.0 * ALPHA) / (1.0 - ALPHA));
    private static final double VALUE_FACTOR = 2.0 / (1.0 + GAMMA);

    private final DdStore store = new DdStore(MAX_BINS);
    private double min;
    private double max;
    private double sum;
    private long zeroCount;

    DdSketch()
    {
        reset();
    }

    void reset()
    {
        store.reset();
        min = Double.POSITIVE_INFINITY;
        max = Double.NEGATIVE_INFINITY;
        sum = 0.0;
        zeroCount = 0;
    }

    void add(final double v)
    {
        if (v > MIN_VALUE)
        {
            store.add(key(v));
        }
        else
        {
            zeroCount++;
        }
        if (v < min)
        {
            min = v;
        }
        if (max < v)
        {
            max = v;
        }
        sum += v;
    }

    long count()
    {
        return store.count() + zeroCount;
    }

    double min()
    {
        return min;
    }

    double max()
    {
        return max;
    }

    double sum()
    {
        return sum;
    }

    /**
     * The value at quantile q of a non-empty sketch.
     *
     * @param q the quantile, in [0, 1].
     * @return the estimate.
     */
    double quantile(final double q)
    {
        if (q == 0.0)
        {
            return min;
        }
        if (q == 1.0)
        {
            return max;
        }
        // Rust's `as u64` of a non-negative double: truncation, NaN to 0
        final long rank = (long)(q * ((double)count() - 1.0));
        if (rank < zeroCount)
        {
            return 0.0;
        }
        return value(store.keyAtRank(rank - zeroCount));
    }

    void merge(final DdSketch o)
    {
        final boolean wasEmpty = store.count() == 0;
        store.merge(o.store);
        zeroCount += o.zeroCount;
        if (wasEmpty)
        {
            min = o.min;
            max = o.max;
        }
        else if (o.store.count() > 0)
        {
            if (o.min < min)
            {
                min = o.min;
            }
            if (o.max > max)
            {
                max = o.max;
            }
        }
        sum += o.sum;
    }

    void copyFrom(final DdSketch o)
    {
        store.copyFrom(o.store);
        min = o.min;
        max = o.max;
        sum = o.sum;
        zeroCount = o.zeroCount;
    }

    static int key(final double v)
    {
        return (int)Math.ceil(StrictMath.log(v) / GAMMA_LN);
    }

    static double value(final int key)
    {
        return StrictMath.exp((double)key * GAMMA_LN) * VALUE_FACTOR;
    }
}
