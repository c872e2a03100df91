package io.temblor.offheap;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * A native memory segment that grows (by copying, at least doubling) when a caller needs more room than any
 * caller needed before, and is otherwise reused as is. Not thread safe: one owner thread reads, writes and grows it.
 *
 * <p>The segment handed out by {@link #segment()} is invalid after {@link #ensureCapacity(long)} grew it or after
 * {@link #close()}; owners re-read it after every call that may grow.
 */
public final class ExpandableSegment implements AutoCloseable
{
    /** Alignment of every allocation: a cache line, so vector loads and tape words never straddle one needlessly. */
    public static final long ALIGNMENT = 64;

    private Arena arena;
    private MemorySegment segment;

    /**
     * Allocates a segment of {@code initialCapacityBytes} (at least 64) bytes, zero filled.
     *
     * @param initialCapacityBytes the first capacity.
     */
    public ExpandableSegment(final long initialCapacityBytes)
    {
        final long capacity = Math.max(ALIGNMENT, initialCapacityBytes);
        arena = Arena.ofShared();
        segment = arena.allocate(capacity, ALIGNMENT);
    }

    /**
     * The current segment; valid until the next growth or close.
     *
     * @return the segment.
     */
    public MemorySegment segment()
    {
        return segment;
    }

    /**
     * Current capacity.
     *
     * @return capacity in bytes.
     */
    public long capacity()
    {
        return segment.byteSize();
    }

    /**
     * Makes sure the segment holds at least {@code requiredBytes}, keeping the first {@code capacity()} bytes.
     *
     * @param requiredBytes bytes needed.
     * @return the (possibly new) segment.
     */
    public MemorySegment ensureCapacity(final long requiredBytes)
    {
        if (requiredBytes > segment.byteSize())
        {
            grow(requiredBytes);
        }
        return segment;
    }

    private void grow(final long requiredBytes)
    {
        long newCapacity = segment.byteSize();
        while (newCapacity < requiredBytes)
        {
            newCapacity = Math.multiplyExact(newCapacity, 2L);
        }
        final Arena newArena = Arena.ofShared();
        final MemorySegment newSegment = newArena.allocate(newCapacity, ALIGNMENT);
        MemorySegment.copy(segment, 0, newSegment, 0, segment.byteSize());
        final Arena old = arena;
        arena = newArena;
        segment = newSegment;
        old.close();
    }

    /** Frees the native memory. The owner must not use the segment afterwards. */
    @Override
    public void close()
    {
        if (arena != null)
        {
            arena.close();
            arena = null;
            segment = MemorySegment.NULL;
        }
    }
}
