package io.temblor.script.aggr;

import io.temblor.script.error.Span;
import io.temblor.script.value.ValueContext;
import io.temblor.script.value.Values;

/** {@code aggr::stats::sum(n)}: the sum as a float (Tremor sums in f64, so integer inputs give a float). */
final class Sum implements Aggregate
{
    private final Span span;
    private double sum;

    Sum(final Span span)
    {
        this.span = span;
    }

    @Override
    public void init()
    {
        sum = 0.0;
    }

    @Override
    public void accumulate(final ValueContext ctx, final long[] regs, final int from, final int argc)
    {
        if (!Args.isNumber(regs, from, 0))
        {
            throw Args.badType(span, "stats::sum", 1);
        }
        sum += Args.toDouble(regs, from, 0);
    }

    @Override
    public void merge(final Aggregate other)
    {
        if (other instanceof Sum o)
        {
            sum += o.sum;
        }
    }

    @Override
    public void emit(final ValueContext ctx, final long[] out, final int at)
    {
        out[at] = Values.FLOAT;
        out[at + 1] = Values.bits(sum);
    }
}
