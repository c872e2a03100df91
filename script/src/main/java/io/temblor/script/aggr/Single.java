package io.temblor.script.aggr;

import io.temblor.script.value.ValueContext;
import io.temblor.script.value.Values;

/**
 * {@code aggr::win::first(v)} and {@code aggr::win::last(v)}: the window's first or last argument (a deep copy kept
 * in the aggregate's own store), null for an empty window. Merging keeps the earlier window's first value, or takes
 * the later window's last value when it has one.
 */
final class Single implements Aggregate
{
    private final boolean last;
    private final Retained retained = new Retained();
    private final long[] value = new long[2];
    private boolean present;

    Single(final boolean last)
    {
        this.last = last;
    }

    @Override
    public void init()
    {
        retained.reset();
        present = false;
    }

    @Override
    public void accumulate(final ValueContext ctx, final long[] regs, final int from, final int argc)
    {
        if (last || !present)
        {
            retained.reset();
            retained.keep(ctx, regs[from], regs[from + 1], value, 0);
            present = true;
        }
    }

    @Override
    public void merge(final Aggregate other)
    {
        if (other instanceof Single o && o.last == last && o.present && (last || !present))
        {
            retained.reset();
            retained.transfer(o.retained, o.value[0], o.value[1], value, 0);
            present = true;
        }
    }

    @Override
    public void emit(final ValueContext ctx, final long[] out, final int at)
    {
        if (present)
        {
            retained.emit(ctx, value[0], value[1], out, at);
        }
        else
        {
            out[at] = Values.NULL;
            out[at + 1] = 0;
        }
    }

    @Override
    public void close()
    {
        retained.close();
    }
}
