package io.temblor.script.runtime;

/**
 * The register count of one function's frame (or the script's top level), grown by the compiler while it assigns
 * registers and read by calls to place the callee's frame after the caller's. Immutable once compilation ends.
 */
public final class FrameLayout
{
    private int size;

    /**
     * Reserves a register pair.
     *
     * @return its index relative to the frame base.
     */
    public int allocate()
    {
        final int at = size;
        size += 2;
        return at;
    }

    /**
     * Reserves consecutive register pairs.
     *
     * @param pairs how many.
     * @return the first one's index relative to the frame base.
     */
    public int allocate(final int pairs)
    {
        final int at = size;
        size += 2 * pairs;
        return at;
    }

    /**
     * Registers (longs) of the frame.
     *
     * @return the size.
     */
    public int size()
    {
        return size;
    }
}
