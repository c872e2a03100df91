package io.temblor.script.value;

/**
 * A reusable mutable (handle, bits) pair for callers that prefer a holder to a {@code long[]} slot. Not thread safe:
 * one owner thread.
 */
public final class ValueSlot
{
    private long handle;
    private long bits;

    /**
     * The handle.
     *
     * @return the handle.
     */
    public long handle()
    {
        return handle;
    }

    /**
     * The bits.
     *
     * @return the bits.
     */
    public long bits()
    {
        return bits;
    }

    /**
     * The type of the held value.
     *
     * @return a {@code TYPE_} constant of {@link ValueDescriptor}.
     */
    public int type()
    {
        return Values.type(handle);
    }

    /**
     * Sets the pair.
     *
     * @param handle the handle.
     * @param bits the bits.
     * @return this.
     */
    public ValueSlot set(final long handle, final long bits)
    {
        this.handle = handle;
        this.bits = bits;
        return this;
    }

    /**
     * Loads the pair from {@code slots[at]}, {@code slots[at + 1]}.
     *
     * @param slots the slots.
     * @param at index of the handle.
     * @return this.
     */
    public ValueSlot load(final long[] slots, final int at)
    {
        handle = slots[at];
        bits = slots[at + 1];
        return this;
    }

    /**
     * Stores the pair into {@code slots[at]}, {@code slots[at + 1]}.
     *
     * @param slots the slots.
     * @param at index of the handle.
     */
    public void store(final long[] slots, final int at)
    {
        slots[at] = handle;
        slots[at + 1] = bits;
    }

    /** Sets null. */
    public void clear()
    {
        handle = Values.NULL;
        bits = 0;
    }
}
