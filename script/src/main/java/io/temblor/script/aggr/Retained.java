package io.temblor.script.aggr;

import io.temblor.script.value.Arena;
import io.temblor.script.value.ValueContext;
import io.temblor.script.value.ValueDescriptor;
import io.temblor.script.value.Values;

/**
 * The private store of a win aggregate's retained values, which must outlive the per-event arena: an {@link Arena}
 * installed as the context's state store while values are deep-copied into it ({@code STORE_STATE} handles of this
 * arena) or out of it, then swapped back, so a STATE handle is only ever read while its own arena is the state.
 * Grows with the values kept and never shrinks: {@link #reset()} reuses the memory, so steady state allocates nothing.
 */
final class Retained implements AutoCloseable
{
    private static final long INITIAL_CAPACITY_BYTES = 256;
    private static final long SCRATCH_CAPACITY_BYTES = 1024;

    private final Arena store = new Arena(INITIAL_CAPACITY_BYTES);
    private final long[] tmp = new long[4];
    /** A context of our own for merges, which have no event context (created on the first merge). */
    private ValueContext own;
    private Arena scratch;

    /** Forgets every retained value. */
    void reset()
    {
        store.reset();
    }

    /**
     * Deep-copies a value read through the event context into this store.
     *
     * @param ctx the event context.
     * @param handle the value's handle.
     * @param bits its bits.
     * @param out slots receiving the retained value.
     * @param at index of the handle slot.
     */
    void keep(final ValueContext ctx, final long handle, final long bits, final long[] out, final int at)
    {
        if (Values.isImmediate(handle))
        {
            out[at] = handle;
            out[at + 1] = bits;
            return;
        }
        long h = handle;
        long b = bits;
        final int from = Values.store(handle);
        if (from == ValueDescriptor.STORE_ARENA || from == ValueDescriptor.STORE_STATE)
        {
            // may hold handles of the context's state store, which is unreadable once ours is swapped in
            ctx.copy(handle, bits, tmp, 0);
            h = tmp[0];
            b = tmp[1];
        }
        final Arena previous = ctx.swapState(store);
        try
        {
            ctx.copyTo(ValueDescriptor.STORE_STATE, h, b, out, at);
        }
        finally
        {
            ctx.swapState(previous);
        }
    }

    /**
     * Deep-copies a retained value into the event arena.
     *
     * @param ctx the event context.
     * @param handle the retained handle.
     * @param bits its bits.
     * @param out result slots.
     * @param at index of the handle slot.
     */
    void emit(final ValueContext ctx, final long handle, final long bits, final long[] out, final int at)
    {
        final Arena previous = ctx.swapState(store);
        try
        {
            ctx.copy(handle, bits, out, at);
        }
        finally
        {
            ctx.swapState(previous);
        }
    }

    /**
     * Writes a new event-arena array of deep copies of retained values.
     *
     * @param ctx the event context.
     * @param items retained (handle, bits) pairs.
     * @param n number of pairs.
     * @param out result slots.
     * @param at index of the handle slot.
     */
    void emitArray(final ValueContext ctx, final long[] items, final int n, final long[] out, final int at)
    {
        final Arena previous = ctx.swapState(store);
        try
        {
            ctx.newArray(n, out, at);
            for (int i = 0; i < n; i++)
            {
                ctx.copy(items[2 * i], items[2 * i + 1], tmp, 0);
                ctx.push(out[at], tmp[0], tmp[1], out, at);
            }
        }
        finally
        {
            ctx.swapState(previous);
        }
    }

    /**
     * Deep-copies a value retained by another store into this one.
     *
     * @param from the other store.
     * @param handle the value's handle there.
     * @param bits its bits.
     * @param out slots receiving the retained value.
     * @param at index of the handle slot.
     */
    void transfer(final Retained from, final long handle, final long bits, final long[] out, final int at)
    {
        if (Values.isImmediate(handle))
        {
            out[at] = handle;
            out[at + 1] = bits;
            return;
        }
        final ValueContext c = own();
        try
        {
            c.swapState(from.store);
            c.copy(handle, bits, tmp, 0);
            c.swapState(store);
            c.copyTo(ValueDescriptor.STORE_STATE, tmp[0], tmp[1], out, at);
        }
        finally
        {
            c.swapState(null);
            scratch.reset();
        }
    }

    /**
     * Retains, as one array, deep copies of values retained by another store.
     *
     * @param from the other store.
     * @param items its (handle, bits) pairs.
     * @param n number of pairs.
     * @param out slots receiving the retained array.
     * @param at index of the handle slot.
     */
    void transferArray(final Retained from, final long[] items, final int n, final long[] out, final int at)
    {
        final ValueContext c = own();
        try
        {
            c.swapState(from.store);
            c.newArray(n, tmp, 2);
            for (int i = 0; i < n; i++)
            {
                c.copy(items[2 * i], items[2 * i + 1], tmp, 0);
                c.push(tmp[2], tmp[0], tmp[1], tmp, 2);
            }
            c.swapState(store);
            c.copyTo(ValueDescriptor.STORE_STATE, tmp[2], tmp[3], out, at);
        }
        finally
        {
            c.swapState(null);
            scratch.reset();
        }
    }

    private ValueContext own()
    {
        if (own == null)
        {
            scratch = new Arena(SCRATCH_CAPACITY_BYTES);
            own = new ValueContext(scratch, null, null);
        }
        return own;
    }

    @Override
    public void close()
    {
        store.close();
        if (scratch != null)
        {
            scratch.close();
        }
    }
}
