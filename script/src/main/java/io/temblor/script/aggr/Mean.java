package io.temblor.script.aggr;

import io.temblor.script.error.Span;
import io.temblor.script.value.ValueContext;
import io.temblor.script.value.Values;

/** {@code aggr::stats::mean(n)}: sum over count as a float, null for an empty window. */
final class Mean implements Aggregate
{
    private final Span span;
    private long count;
    private double sum;

    Mean(final Span span)
    {
        this.span = span;
    }

    @Override
    public void init()
    {
        count = 0;
        sum = 0.0;
    }

    @Override
    public void accumulate(final ValueContext ctx, final long[] regs, final int from, final int argc)
    {
        if (!Args.isNumber(regs, from, 0))
        {
            throw Args.badType(span, "stats::mean", 1);
        }
        sum += Args.toDouble(regs, from, 0);
        count++;
    }

    @Override
    public void merge(final Aggregate other)
    {
        if (other instanceof Mean o)
        {
            count += o.count;
            sum += o.sum;
        }
    }

    @Override
    public void emit(final ValueContext ctx, final long[] out, final int at)
    {
        if (count == 0)
        {
            out[at] = Values.NULL;
            out[at + 1] = 0;
        }
        else
        {
            out[at] = Values.FLOAT;
            out[at + 1] = Values.bits(sum / (double)count);
        }
    }
}
