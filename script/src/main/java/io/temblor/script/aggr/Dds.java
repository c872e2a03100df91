package io.temblor.script.aggr;

import io.temblor.script.error.Span;
import io.temblor.script.value.ValueContext;
import io.temblor.script.value.Values;

/**
 * {@code aggr::stats::dds(n[, percentiles])}: a DDSketch of the values ({@link DdSketch}); negative and non-numeric
 * values are skipped. Emits {@code {count, sum, min, max, mean, percentiles}}, percentiles rounded up to one decimal
 * as Tremor rounds them, all zeros for an empty window.
 *
 * <p>Kept as Tremor keeps it, because the sketch's float sum depends on the order values reach it: the first values
 * wait in a cache (up to 8192) that moves into a sketch when full or on emit; merges combine caches and sketches case
 * by case as Tremor does.
 */
final class Dds implements Aggregate
{
    static final int MAX_CACHE = 8192;
    private static final int INITIAL_CACHE = 128;
    private static final String NAME = "stats::dds";

    private final Span span;
    private final Percentiles percentiles = new Percentiles();
    private double[] cache = new double[INITIAL_CACHE];
    private int cached;
    private DdSketch sketch;
    private boolean sketching;
    private final long[] slots = new long[8];

    Dds(final Span span)
    {
        this.span = span;
    }

    @Override
    public void init()
    {
        sketching = false;
        cached = 0;
    }

    @Override
    public void accumulate(final ValueContext ctx, final long[] regs, final int from, final int argc)
    {
        percentiles.accept(ctx, regs, from, argc, span, NAME, false);
        if (Args.isNumber(regs, from, 0))
        {
            final double v = Args.toDouble(regs, from, 0);
            if (v < 0.0)
            {
                return;
            }
            if (sketching)
            {
                sketch.add(v);
            }
            else
            {
                cache(v);
                if (cached == MAX_CACHE)
                {
                    startSketch();
                }
            }
        }
    }

    @Override
    public void merge(final Aggregate other)
    {
        if (!(other instanceof Dds o))
        {
            return;
        }
        percentiles.mergeFrom(o.percentiles);
        if (sketching && o.sketching)
        {
            sketch.merge(o.sketch);
        }
        else if (sketching)
        {
            for (int i = 0; i < o.cached; i++)
            {
                sketch.add(o.cache[i]);
            }
        }
        else if (o.sketching)
        {
            // Tremor: the other's sketch, then this cache added to it
            sketch().copyFrom(o.sketch);
            drainCache();
        }
        else if (cached + o.cached > MAX_CACHE)
        {
            startSketch();
            for (int i = 0; i < o.cached; i++)
            {
                sketch.add(o.cache[i]);
            }
        }
        else
        {
            for (int i = 0; i < o.cached; i++)
            {
                cache(o.cache[i]);
            }
        }
    }

    @Override
    public void emit(final ValueContext ctx, final long[] out, final int at)
    {
        if (!sketching)
        {
            startSketch();
        }
        final long count = sketch.count();
        final long[] s = slots;
        ctx.newRecord(percentiles.count(), s, 4);
        for (int i = 0; i < percentiles.count(); i++)
        {
            double value = 0.0;
            if (count != 0)
            {
                final double p = percentiles.value(i);
                if (p < 0.0 || p > 1.0)
                {
                    throw Args.runtimeError(span, NAME, 2, "Unable to calculate percentile '" + Args.displayFloat(p) + "'");
                }
                // Tremor's ceil(quantile, 1), for equivalence with hdr
                value = Math.ceil(sketch.quantile(p) * 10.0) / 10.0;
            }
            percentiles.key(ctx, i, s, 6);
            ctx.put(s[4], s[6], Values.FLOAT, Values.bits(value), s, 4);
        }
        final double min = count == 0 ? 0.0 : sketch.min();
        final double max = count == 0 ? 0.0 : sketch.max();
        final double sum = count == 0 ? 0.0 : sketch.sum();
        final double mean = count == 0 ? 0.0 : sum / (double)count;
        ctx.newRecord(6, s, 0);
        Results.append(ctx, s, Results.COUNT, Values.INT, count);
        Results.append(ctx, s, Results.SUM, Values.FLOAT, Values.bits(sum));
        Results.append(ctx, s, Results.MIN, Values.FLOAT, Values.bits(min));
        Results.append(ctx, s, Results.MAX, Values.FLOAT, Values.bits(max));
        Results.append(ctx, s, Results.MEAN, Values.FLOAT, Values.bits(mean));
        Results.append(ctx, s, Results.PERCENTILES, s[4], s[5]);
        out[at] = s[0];
        out[at + 1] = s[1];
    }

    private void cache(final double v)
    {
        if (cached == cache.length)
        {
            cache = java.util.Arrays.copyOf(cache, cached * 2);
        }
        cache[cached++] = v;
    }

    private DdSketch sketch()
    {
        if (sketch == null)
        {
            sketch = new DdSketch();
        }
        sketching = true;
        return sketch;
    }

    /** A new sketch holding the cache's values in order; the cache is emptied. */
    private void startSketch()
    {
        sketch().reset();
        drainCache();
    }

    private void drainCache()
    {
        for (int i = 0; i < cached; i++)
        {
            sketch.add(cache[i]);
        }
        cached = 0;
    }
}
