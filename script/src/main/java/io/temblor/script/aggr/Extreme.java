package io.temblor.script.aggr;

import io.temblor.script.error.Span;
import io.temblor.script.value.ValueContext;
import io.temblor.script.value.Values;

/**
 * {@code aggr::stats::min(n)} and {@code aggr::stats::max(n)}: the extreme as a float, 0.0 for an empty window.
 *
 * <p>Tremor keeps an {@code Option<f64>} and merges with {@code Option}'s ordering, where {@code None} is less than any
 * value; this is kept exactly: merging an empty min into a non-empty one empties it, and an empty min never takes a
 * merged value (so a tilt frame's min emits 0.0), while max merges as expected.
 */
final class Extreme implements Aggregate
{
    private final Span span;
    private final boolean max;
    private boolean present;
    private double value;

    Extreme(final Span span, final boolean max)
    {
        this.span = span;
        this.max = max;
    }

    @Override
    public void init()
    {
        present = false;
        value = 0.0;
    }

    @Override
    public void accumulate(final ValueContext ctx, final long[] regs, final int from, final int argc)
    {
        if (!Args.isNumber(regs, from, 0))
        {
            throw Args.badType(span, max ? "stats::max" : "stats::min", 1);
        }
        final double v = Args.toDouble(regs, from, 0);
        if (!present || (max ? v > value : v < value))
        {
            present = true;
            value = v;
        }
    }

    @Override
    public void merge(final Aggregate other)
    {
        if (other instanceof Extreme o && o.max == max)
        {
            if (max)
            {
                // other > self under Option ordering: Some(_) > None, Some(a) > Some(b) when a > b
                if (o.present && (!present || o.value > value))
                {
                    present = true;
                    value = o.value;
                }
            }
            else if (present && (!o.present || o.value < value))
            {
                // other < self under Option ordering: None < Some(_), Some(a) < Some(b) when a < b
                present = o.present;
                value = o.value;
            }
        }
    }

    @Override
    public void emit(final ValueContext ctx, final long[] out, final int at)
    {
        out[at] = Values.FLOAT;
        out[at + 1] = Values.bits(present ? value : 0.0);
    }
}
