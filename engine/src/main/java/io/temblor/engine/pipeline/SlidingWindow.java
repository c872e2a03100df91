package io.temblor.engine.pipeline;

import io.temblor.script.aggr.Aggregate;
import io.temblor.script.value.Arena;
import io.temblor.script.value.ValueContext;
import io.temblor.script.value.ValueDescriptor;

import java.util.Arrays;

/**
 * The contents of one group's sliding window (Temblor's {@code define window w from sliding}, which Tremor does not
 * have): the aggregate arguments of the last {@code size} events, or of the events of the last {@code interval} ns,
 * kept as copies in a store of the window's own. Every event that enters emits the aggregates over the window as it is
 * after the event entered (fewer than {@code size} events at the start); nothing is emitted on ticks.
 *
 * <p>The aggregates are recomputed from the kept arguments on every event, so the cost per event is proportional to
 * the window's length; this is exact for every aggregate (none needs to support removal). The store is compacted (the
 * live arguments copied into a second store) when the evicted ones take more room than the live ones, so memory stays
 * proportional to the window. Allocation: none per event once the ring and the stores have grown to the window.
 */
final class SlidingWindow implements AutoCloseable
{
    private final long size;
    private final long intervalNs;
    private final int argCount;
    private Arena store = new Arena(4096);
    private Arena spare = new Arena(4096);
    private long[] times = new long[16];
    private long[] args = new long[16 * 4];
    private int head;
    private int count;
    private int evictedSinceCompaction;
    private final long[] tmp = new long[4];

    /**
     * A window.
     *
     * @param size events kept (count window), or -1.
     * @param intervalNs nanoseconds kept (time window), or -1.
     * @param argCount aggregate arguments per event (all calls together).
     */
    SlidingWindow(final long size, final long intervalNs, final int argCount)
    {
        this.size = size;
        this.intervalNs = intervalNs;
        this.argCount = argCount;
        this.args = new long[16 * Math.max(1, argCount) * 2];
    }

    /**
     * Adds an event's arguments (handles of the shared context) and drops what left the window.
     *
     * @param ctx the shared context.
     * @param time the event's time (ingest time or the window script's value).
     * @param regs the arguments, {@code argCount} pairs from 0.
     */
    void add(final ValueContext ctx, final long time, final long[] regs)
    {
        if (count == times.length)
        {
            grow();
        }
        final int slot = (head + count) % times.length;
        times[slot] = time;
        final Arena previous = ctx.swapState(store);
        try
        {
            for (int a = 0; a < argCount; a++)
            {
                ctx.copyTo(ValueDescriptor.STORE_STATE, regs[2 * a], regs[2 * a + 1], tmp, 0);
                args[(slot * argCount + a) * 2] = tmp[0];
                args[(slot * argCount + a) * 2 + 1] = tmp[1];
            }
        }
        finally
        {
            ctx.swapState(previous);
        }
        count++;
        while (count > 0 && (size >= 0 && count > size || intervalNs >= 0 && times[head] <= time - intervalNs))
        {
            head = (head + 1) % times.length;
            count--;
            evictedSinceCompaction++;
        }
        if (evictedSinceCompaction > Math.max(16, count))
        {
            compact(ctx);
        }
    }

    /**
     * Recomputes the aggregates over the window: init, then every kept event's arguments in arrival order.
     *
     * @param ctx the shared context.
     * @param aggregates the select's aggregates, in call order.
     * @param argsPerCall how many arguments each call takes, in call order.
     * @param regs scratch registers for one call's arguments.
     */
    void aggregate(final ValueContext ctx, final Aggregate[] aggregates, final int[] argsPerCall, final long[] regs)
    {
        final Arena previous = ctx.swapState(store);
        try
        {
            for (final Aggregate a : aggregates)
            {
                a.init();
            }
            for (int k = 0; k < count; k++)
            {
                final int slot = (head + k) % times.length;
                int first = slot * argCount;
                for (int i = 0; i < aggregates.length; i++)
                {
                    final int n = argsPerCall[i];
                    System.arraycopy(args, first * 2, regs, 0, n * 2);
                    aggregates[i].accumulate(ctx, regs, 0, n);
                    first += n;
                }
            }
        }
        finally
        {
            ctx.swapState(previous);
        }
    }

    /**
     * Events in the window.
     *
     * @return the count.
     */
    int size()
    {
        return count;
    }

    private void compact(final ValueContext ctx)
    {
        spare.reset();
        for (int k = 0; k < count; k++)
        {
            final int slot = (head + k) % times.length;
            for (int a = 0; a < argCount; a++)
            {
                final int at = (slot * argCount + a) * 2;
                // read with the old store installed, write with the new one
                Arena previous = ctx.swapState(store);
                try
                {
                    ctx.copy(args[at], args[at + 1], tmp, 0);
                }
                finally
                {
                    ctx.swapState(previous);
                }
                previous = ctx.swapState(spare);
                try
                {
                    ctx.copyTo(ValueDescriptor.STORE_STATE, tmp[0], tmp[1], tmp, 0);
                }
                finally
                {
                    ctx.swapState(previous);
                }
                args[at] = tmp[0];
                args[at + 1] = tmp[1];
            }
        }
        final Arena swap = store;
        store = spare;
        spare = swap;
        evictedSinceCompaction = 0;
    }

    private void grow()
    {
        final int n = times.length;
        final long[] t = new long[n * 2];
        final long[] a = new long[n * 2 * Math.max(1, argCount) * 2];
        for (int k = 0; k < count; k++)
        {
            final int slot = (head + k) % n;
            t[k] = times[slot];
            System.arraycopy(args, slot * argCount * 2, a, k * argCount * 2, argCount * 2);
        }
        times = t;
        args = a;
        head = 0;
    }

    @Override
    public void close()
    {
        store.close();
        spare.close();
    }

    @Override
    public String toString()
    {
        return "SlidingWindow(" + count + " of " + (size >= 0 ? size + " events" : intervalNs + " ns") + ", " +
            Arrays.toString(Arrays.copyOf(times, 0)) + ")";
    }
}
