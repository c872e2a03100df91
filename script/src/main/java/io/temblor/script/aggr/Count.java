package io.temblor.script.aggr;

import io.temblor.script.value.ValueContext;
import io.temblor.script.value.Values;

/** {@code aggr::stats::count()}: the number of events, an int. */
final class Count implements Aggregate
{
    private long count;

    @Override
    public void init()
    {
        count = 0;
    }

    @Override
    public void accumulate(final ValueContext ctx, final long[] regs, final int from, final int argc)
    {
        count++;
    }

    @Override
    public void merge(final Aggregate other)
    {
        if (other instanceof Count o)
        {
            count += o.count;
        }
    }

    @Override
    public void emit(final ValueContext ctx, final long[] out, final int at)
    {
        out[at] = Values.INT;
        out[at + 1] = count;
    }
}
