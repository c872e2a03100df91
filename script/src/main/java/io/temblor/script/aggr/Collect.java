package io.temblor.script.aggr;

import io.temblor.script.value.ValueContext;

import java.util.Arrays;

/**
 * {@code aggr::win::collect_flattened(v)} and {@code aggr::win::collect_nested(v)}: the window's arguments as an array
 * (deep copies kept in the aggregate's own store). Merging a tilt frame appends the earlier window's elements one by
 * one (flattened) or as one nested array (nested), as Tremor does.
 */
final class Collect implements Aggregate
{
    private static final int INITIAL_ITEMS = 16;

    private final boolean nested;
    private final Retained retained = new Retained();
    /** Retained (handle, bits) pairs. */
    private long[] items = new long[2 * INITIAL_ITEMS];
    private int count;

    Collect(final boolean nested)
    {
        this.nested = nested;
    }

    @Override
    public void init()
    {
        retained.reset();
        count = 0;
    }

    @Override
    public void accumulate(final ValueContext ctx, final long[] regs, final int from, final int argc)
    {
        ensureRoom(1);
        retained.keep(ctx, regs[from], regs[from + 1], items, 2 * count);
        count++;
    }

    @Override
    public void merge(final Aggregate other)
    {
        if (!(other instanceof Collect o) || o.nested != nested)
        {
            return;
        }
        if (nested)
        {
            ensureRoom(1);
            retained.transferArray(o.retained, o.items, o.count, items, 2 * count);
            count++;
        }
        else
        {
            ensureRoom(o.count);
            for (int i = 0; i < o.count; i++)
            {
                retained.transfer(o.retained, o.items[2 * i], o.items[2 * i + 1], items, 2 * count);
                count++;
            }
        }
    }

    @Override
    public void emit(final ValueContext ctx, final long[] out, final int at)
    {
        retained.emitArray(ctx, items, count, out, at);
    }

    @Override
    public void close()
    {
        retained.close();
    }

    private void ensureRoom(final int more)
    {
        if (2 * (count + more) > items.length)
        {
            items = Arrays.copyOf(items, Math.max(items.length * 2, 2 * (count + more)));
        }
    }
}
