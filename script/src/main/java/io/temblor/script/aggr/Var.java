package io.temblor.script.aggr;

import io.temblor.script.error.Span;
import io.temblor.script.value.ValueContext;
import io.temblor.script.value.Values;

/**
 * {@code aggr::stats::var(n)} and {@code aggr::stats::stdev(n)}: the sample variance (or its square root) by Tremor's
 * shifted-data algorithm, a float; 0.0 for an empty window. Merging adds the shifts and sums field by field, as Tremor
 * does (exact only when both sides shifted by the same first value).
 */
final class Var implements Aggregate
{
    private final Span span;
    private final boolean stdev;
    private long n;
    private double k;
    private double ex;
    private double ex2;

    Var(final Span span, final boolean stdev)
    {
        this.span = span;
        this.stdev = stdev;
    }

    @Override
    public void init()
    {
        n = 0;
        k = 0.0;
        ex = 0.0;
        ex2 = 0.0;
    }

    @Override
    public void accumulate(final ValueContext ctx, final long[] regs, final int from, final int argc)
    {
        if (!Args.isNumber(regs, from, 0))
        {
            // Tremor's stdev delegates to var, whose error names stats::var
            throw Args.badType(span, "stats::var", 1);
        }
        final double v = Args.toDouble(regs, from, 0);
        if (n == 0)
        {
            k = v;
        }
        n++;
        ex += v - k;
        ex2 += (v - k) * (v - k);
    }

    @Override
    public void merge(final Aggregate other)
    {
        if (other instanceof Var o && o.stdev == stdev)
        {
            n += o.n;
            k += o.k;
            ex += o.ex;
            ex2 += o.ex2;
        }
    }

    @Override
    public void emit(final ValueContext ctx, final long[] out, final int at)
    {
        double variance = 0.0;
        if (n != 0)
        {
            final double count = (double)n;
            variance = (ex2 - (ex * ex) / count) / (count - 1.0);
        }
        out[at] = Values.FLOAT;
        out[at + 1] = Values.bits(stdev ? Math.sqrt(variance) : variance);
    }
}
