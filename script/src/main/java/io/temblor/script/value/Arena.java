package io.temblor.script.value;

import io.temblor.offheap.ExpandableSegment;
import io.temblor.offheap.Memory;

import java.lang.foreign.MemorySegment;

/**
 * An off-heap bump allocator for values (blocks laid out as {@link ValueDescriptor} draws): {@link #allocate(long)}
 * moves a position forward, {@link #reset()} after each event moves it back to 0; nothing is ever freed one by one.
 * The native memory grows (by copying) only when an event needs more than any event before, so steady state neither
 * allocates on the heap nor grows. Not thread safe: one owner thread (the pipeline agent running the script).
 *
 * <p>Fields are read and written through {@link Memory} (raw native access, no {@code MemorySegment} accessor whose
 * shared code loses its type profile when heap and native segments meet), checked against the allocated bytes unless
 * {@code temblor.value.boundsChecks=false}.
 *
 * <p>The same class serves as the constant pool (never reset) and, until the state heap exists, as a state store.
 */
public final class Arena implements AutoCloseable
{
    /** Capacity used by {@link #Arena()}. */
    public static final long DEFAULT_INITIAL_CAPACITY_BYTES = 64 * 1024;

    /** Whether field accessors check offsets against the allocated bytes: on unless temblor.value.boundsChecks=false. */
    public static final boolean SHOULD_BOUNDS_CHECK = !"false".equals(System.getProperty("temblor.value.boundsChecks"));

    private static final long ALIGN_MASK = ValueDescriptor.BLOCK_ALIGNMENT - 1;
    /**
     * Bytes kept readable after the last block: readers may load a whole vector that starts inside a block and runs
     * past it (the writer's string scan), so the memory after the last block must exist.
     */
    static final long READ_SLACK = 64;

    private final ExpandableSegment buffer;
    private MemorySegment segment;
    private long address;
    private long position;
    private int growthCount;

    /** An arena of {@link #DEFAULT_INITIAL_CAPACITY_BYTES}. */
    public Arena()
    {
        this(DEFAULT_INITIAL_CAPACITY_BYTES);
    }

    /**
     * An arena with a first capacity.
     *
     * @param initialCapacityBytes first capacity (for blocks; {@link #READ_SLACK} more is allocated).
     */
    public Arena(final long initialCapacityBytes)
    {
        buffer = new ExpandableSegment(initialCapacityBytes + READ_SLACK);
        segment = buffer.segment();
        address = segment.address();
    }

    /**
     * Allocates a block at the next multiple of 8 (contents undefined: callers write every field they read).
     *
     * @param bytes block size.
     * @return the block's byte offset.
     */
    public long allocate(final long bytes)
    {
        final long offset = position;
        final long end = (offset + bytes + ALIGN_MASK) & ~ALIGN_MASK;
        if (end + READ_SLACK > segment.byteSize())
        {
            segment = buffer.ensureCapacity(end + READ_SLACK);
            address = segment.address();
            growthCount++;
        }
        position = end;
        return offset;
    }

    /**
     * Whether the block at {@code offset} of {@code bytes} is the last one allocated, so it may be extended in place.
     *
     * @param offset the block's offset.
     * @param bytes its size.
     * @return true when nothing was allocated after it.
     */
    public boolean isLast(final long offset, final long bytes)
    {
        return ((offset + bytes + ALIGN_MASK) & ~ALIGN_MASK) == position;
    }

    /**
     * Extends the last block (see {@link #isLast(long, long)}) to a new size.
     *
     * @param offset the block's offset.
     * @param newBytes its new size.
     */
    public void extendLast(final long offset, final long newBytes)
    {
        position = offset;
        allocate(newBytes);
    }

    /** Forgets every block; the memory is kept. Every ARENA handle becomes invalid. */
    public void reset()
    {
        position = 0;
    }

    /**
     * Bytes in use.
     *
     * @return the allocation position.
     */
    public long position()
    {
        return position;
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
     * How often the native memory grew since construction.
     *
     * @return the growth count.
     */
    public int growthCount()
    {
        return growthCount;
    }

    /**
     * The native address of offset 0, for raw reads of blocks ({@link Memory} with a null base); invalid after the next
     * allocation that grows the arena.
     *
     * @return the address.
     */
    public long address()
    {
        return address;
    }

    /**
     * The memory; invalid after the next allocation that grows it.
     *
     * @return the segment.
     */
    public MemorySegment segment()
    {
        return segment;
    }

    /**
     * Reads a little-endian long.
     *
     * @param offset byte offset.
     * @return the value.
     */
    public long getLong(final long offset)
    {
        if (SHOULD_BOUNDS_CHECK)
        {
            checkOffset(offset, Long.BYTES);
        }
        return Memory.getLong(null, address + offset);
    }

    /**
     * Writes a little-endian long.
     *
     * @param offset byte offset.
     * @param value the value.
     */
    public void putLong(final long offset, final long value)
    {
        if (SHOULD_BOUNDS_CHECK)
        {
            checkOffset(offset, Long.BYTES);
        }
        Memory.putLong(null, address + offset, value);
    }

    /**
     * Reads a little-endian int.
     *
     * @param offset byte offset.
     * @return the value.
     */
    public int getInt(final long offset)
    {
        if (SHOULD_BOUNDS_CHECK)
        {
            checkOffset(offset, Integer.BYTES);
        }
        return Memory.getInt(null, address + offset);
    }

    /**
     * Writes a little-endian int.
     *
     * @param offset byte offset.
     * @param value the value.
     */
    public void putInt(final long offset, final int value)
    {
        if (SHOULD_BOUNDS_CHECK)
        {
            checkOffset(offset, Integer.BYTES);
        }
        Memory.putInt(null, address + offset, value);
    }

    private void checkOffset(final long offset, final int bytes)
    {
        if (offset < 0 || offset + bytes > position)
        {
            throw new IndexOutOfBoundsException("arena offset " + offset + " + " + bytes + " beyond " + position);
        }
    }

    /** Frees the native memory. */
    @Override
    public void close()
    {
        buffer.close();
        segment = MemorySegment.NULL;
        address = 0;
        position = 0;
    }
}
