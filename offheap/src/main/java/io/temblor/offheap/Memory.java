package io.temblor.offheap;

import org.agrona.UnsafeApi;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;

/**
 * Raw reads and writes of heap or native memory addressed as (base, address), the way Agrona's buffers do it: base is
 * the {@code byte[]} of a heap segment (address then includes the array base offset) or null for native memory
 * (address is absolute). Hot loops use this instead of {@link MemorySegment} accessors, whose shared JDK code paths
 * lose their type profile when one process touches both heap and native segments, and then stop inlining.
 *
 * <p>No bounds checks: callers guarantee every access lies inside the memory they were given (the parser checks
 * against the input's end before each read). Little-endian platforms only, as checked at class initialisation.
 */
public final class Memory
{
    /** Offset of element 0 of a {@code byte[]}. */
    public static final long BYTE_ARRAY_OFFSET = UnsafeApi.arrayBaseOffset(byte[].class);
    /** Offset of element 0 of an {@code int[]} from the array reference. */
    public static final long INT_ARRAY_OFFSET = UnsafeApi.arrayBaseOffset(int[].class);

    static
    {
        if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN)
        {
            throw new IllegalStateException("Temblor needs a little-endian platform");
        }
    }

    private Memory()
    {
    }

    /**
     * The base object of a segment: its {@code byte[]} for a heap segment, null for native memory.
     *
     * @param segment a native segment or a heap segment over a {@code byte[]}.
     * @return the base for the access methods.
     * @throws IllegalArgumentException for heap segments over other array types.
     */
    public static Object base(final MemorySegment segment)
    {
        if (segment.isNative())
        {
            return null;
        }
        final Object array = segment.heapBase().orElseThrow(() -> new IllegalArgumentException("read-only segment"));
        if (!(array instanceof byte[]))
        {
            throw new IllegalArgumentException("heap segments must be over a byte[]: " + array.getClass());
        }
        return array;
    }

    /**
     * The address of offset 0 of a segment, to go with {@link #base(MemorySegment)}.
     *
     * @param segment the segment.
     * @return the address.
     */
    public static long address(final MemorySegment segment)
    {
        return segment.isNative() ? segment.address() : BYTE_ARRAY_OFFSET + segment.address();
    }

    /**
     * Reads a byte.
     *
     * @param base base object or null.
     * @param address address.
     * @return the byte.
     */
    public static byte getByte(final Object base, final long address)
    {
        return UnsafeApi.getByte(base, address);
    }

    /**
     * Reads 8 bytes as a little-endian long, at any alignment.
     *
     * @param base base object or null.
     * @param address address.
     * @return the value.
     */
    public static long getLong(final Object base, final long address)
    {
        return UnsafeApi.getLongUnaligned(base, address);
    }

    /**
     * Reads 4 bytes as a little-endian int, at any alignment.
     *
     * @param base base object or null.
     * @param address address.
     * @return the value.
     */
    public static int getInt(final Object base, final long address)
    {
        return UnsafeApi.getIntUnaligned(base, address);
    }

    /**
     * Writes a byte.
     *
     * @param base base object or null.
     * @param address address.
     * @param value the byte.
     */
    public static void putByte(final Object base, final long address, final byte value)
    {
        UnsafeApi.putByte(base, address, value);
    }

    /**
     * Writes a little-endian long at any alignment.
     *
     * @param base base object or null.
     * @param address address.
     * @param value the value.
     */
    public static void putLong(final Object base, final long address, final long value)
    {
        UnsafeApi.putLongUnaligned(base, address, value);
    }

    /**
     * Writes a little-endian int at any alignment.
     *
     * @param base base object or null.
     * @param address address.
     * @param value the value.
     */
    public static void putInt(final Object base, final long address, final int value)
    {
        UnsafeApi.putIntUnaligned(base, address, value);
    }

    /**
     * Copies bytes between any two (base, address) locations.
     *
     * @param srcBase source base or null.
     * @param srcAddress source address.
     * @param dstBase destination base or null.
     * @param dstAddress destination address.
     * @param length bytes to copy.
     */
    public static void copy(final Object srcBase, final long srcAddress, final Object dstBase, final long dstAddress,
        final long length)
    {
        UnsafeApi.copyMemory(srcBase, srcAddress, dstBase, dstAddress, length);
    }
}
