package io.temblor.script.aggr;

import io.temblor.script.error.Span;
import io.temblor.script.value.ValueContext;
import io.temblor.script.value.Values;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.HdrHistogram.RecordedValuesIterator;

/**
 * {@code aggr::stats::hdr(n[, percentiles])}: an HDR histogram of the values truncated to integers, configured as
 * Tremor configures its (lowest discernible value 1, two significant digits, auto-resizing). Negative and non-numeric
 * values are skipped. Emits {@code {count, min, max, mean, stdev, var, percentiles}} with integer count, min, max and
 * percentile values.
 *
 * <p>Tremor buffers the first 8192 values before it builds its histogram; the buckets do not depend on the bounds
 * the histogram is built with, so recording straight away gives the same counts. Mean, standard deviation and
 * percentiles are computed as the Rust crate ({@code hdrhistogram} 7.5) computes them, which differs from the Java
 * library's own methods in floating-point order and percentile rounding.
 */
final class Hdr implements Aggregate
{
    private static final String NAME = "stats::hdr";

    private final Span span;
    private final Histogram histogram = new Histogram(1, 4, 2);
    private final RecordedValuesIterator iterator;
    private final Percentiles percentiles = new Percentiles();
    private final long[] slots = new long[8];

    Hdr(final Span span)
    {
        this.span = span;
        histogram.setAutoResize(true);
        iterator = new RecordedValuesIterator(histogram);
    }

    @Override
    public void init()
    {
        histogram.reset();
    }

    @Override
    public void accumulate(final ValueContext ctx, final long[] regs, final int from, final int argc)
    {
        percentiles.accept(ctx, regs, from, argc, span, NAME, true);
        if (Args.isNumber(regs, from, 0))
        {
            final double v = Args.toDouble(regs, from, 0);
            if (!(v < 0.0))
            {
                // Rust's `as u64`: NaN to 0, saturating (Java's long saturates at 2^63 - 1, the library's limit)
                histogram.recordValue((long)v);
            }
        }
    }

    @Override
    public void merge(final Aggregate other)
    {
        if (other instanceof Hdr o)
        {
            percentiles.mergeFrom(o.percentiles);
            histogram.add(o.histogram);
        }
    }

    @Override
    public void emit(final ValueContext ctx, final long[] out, final int at)
    {
        final long total = histogram.getTotalCount();
        final double mean = mean(total);
        final double stdev = stdev(total, mean);
        final long[] s = slots;
        ctx.newRecord(percentiles.count(), s, 4);
        for (int i = 0; i < percentiles.count(); i++)
        {
            percentiles.key(ctx, i, s, 6);
            final long value = valueAtQuantile(percentiles.value(i) * 100.0 / 100.0, total);
            ctx.put(s[4], s[6], Values.unsignedHandle(value), value, s, 4);
        }
        ctx.newRecord(7, s, 0);
        Results.append(ctx, s, Results.COUNT, Values.INT, total);
        Results.append(ctx, s, Results.MIN, Values.INT, histogram.getMinValue());
        Results.append(ctx, s, Results.MAX, Values.INT, histogram.getMaxValue());
        Results.append(ctx, s, Results.MEAN, Values.FLOAT, Values.bits(mean));
        Results.append(ctx, s, Results.STDEV, Values.FLOAT, Values.bits(stdev));
        Results.append(ctx, s, Results.VAR, Values.FLOAT, Values.bits(stdev * stdev));
        Results.append(ctx, s, Results.PERCENTILES, s[4], s[5]);
        out[at] = s[0];
        out[at + 1] = s[1];
    }

    private double mean(final long total)
    {
        if (total == 0)
        {
            return 0.0;
        }
        double sum = 0.0;
        iterator.reset();
        while (iterator.hasNext())
        {
            final HistogramIterationValue v = iterator.next();
            sum = sum + (double)histogram.medianEquivalentValue(v.getValueIteratedTo()) *
                (double)v.getCountAtValueIteratedTo() / (double)total;
        }
        return sum;
    }

    private double stdev(final long total, final double mean)
    {
        if (total == 0)
        {
            return 0.0;
        }
        double deviations = 0.0;
        iterator.reset();
        while (iterator.hasNext())
        {
            final HistogramIterationValue v = iterator.next();
            final double dev = (double)histogram.medianEquivalentValue(v.getValueIteratedTo()) - mean;
            deviations = deviations + (dev * dev) * (double)v.getCountAtValueIteratedTo();
        }
        return Math.sqrt(deviations / (double)total);
    }

    private long valueAtQuantile(final double requested, final long total)
    {
        final double quantile = requested > 1.0 ? 1.0 : requested;
        final double fractional = Math.ceil(quantile * (double)total);
        // Rust's `as u64` saturates: negative and NaN to 0
        long countAtQuantile = fractional > 0.0 ? (long)fractional : 0;
        if (countAtQuantile == 0)
        {
            countAtQuantile = 1;
        }
        long seen = 0;
        iterator.reset();
        while (iterator.hasNext())
        {
            final HistogramIterationValue v = iterator.next();
            seen += v.getCountAtValueIteratedTo();
            if (seen >= countAtQuantile)
            {
                final long highest = v.getValueIteratedTo();
                return quantile == 0.0 ? histogram.lowestEquivalentValue(highest) : highest;
            }
        }
        return 0;
    }
}
