package io.temblor.script.value;

import static io.temblor.script.value.ValueDescriptor.INDEX_MASK;
import static io.temblor.script.value.ValueDescriptor.NIBBLE_MASK;
import static io.temblor.script.value.ValueDescriptor.STORE_IMMEDIATE;
import static io.temblor.script.value.ValueDescriptor.STORE_SHIFT;
import static io.temblor.script.value.ValueDescriptor.TYPE_ARRAY;
import static io.temblor.script.value.ValueDescriptor.TYPE_BINARY;
import static io.temblor.script.value.ValueDescriptor.TYPE_BOOL;
import static io.temblor.script.value.ValueDescriptor.TYPE_FLOAT;
import static io.temblor.script.value.ValueDescriptor.TYPE_INT;
import static io.temblor.script.value.ValueDescriptor.TYPE_NULL;
import static io.temblor.script.value.ValueDescriptor.TYPE_RECORD;
import static io.temblor.script.value.ValueDescriptor.TYPE_SHIFT;
import static io.temblor.script.value.ValueDescriptor.TYPE_STRING;
import static io.temblor.script.value.ValueDescriptor.TYPE_UINT;

/**
 * Builds and inspects value handles as {@link ValueDescriptor} lays them out. Stateless; any thread may call.
 */
public final class Values
{
    /** Handle of null (bits 0). */
    public static final long NULL = 0L;
    /** Handle of a boolean (bits 0 or 1). */
    public static final long BOOL = (long)TYPE_BOOL << TYPE_SHIFT;
    /** Handle of an int64 (bits = the value). */
    public static final long INT = (long)TYPE_INT << TYPE_SHIFT;
    /** Handle of a uint64 above Long.MAX_VALUE (bits = the unsigned value). */
    public static final long UINT = (long)TYPE_UINT << TYPE_SHIFT;
    /** Handle of a float (bits = Double.doubleToRawLongBits). */
    public static final long FLOAT = (long)TYPE_FLOAT << TYPE_SHIFT;

    private static final String[] TYPE_NAMES = {"null", "bool", "int", "uint", "float", "string", "binary", "array",
        "record"};

    private Values()
    {
    }

    /**
     * Builds a handle.
     *
     * @param store a {@code STORE_} constant.
     * @param type a {@code TYPE_} constant.
     * @param index the 56-bit index.
     * @return the handle.
     */
    public static long handle(final int store, final int type, final long index)
    {
        return ((long)store << STORE_SHIFT) | ((long)type << TYPE_SHIFT) | (index & INDEX_MASK);
    }

    /**
     * The store of a handle.
     *
     * @param handle the handle.
     * @return a {@code STORE_} constant.
     */
    public static int store(final long handle)
    {
        return (int)(handle >>> STORE_SHIFT) & NIBBLE_MASK;
    }

    /**
     * The type of a handle.
     *
     * @param handle the handle.
     * @return a {@code TYPE_} constant.
     */
    public static int type(final long handle)
    {
        return (int)(handle >>> TYPE_SHIFT) & NIBBLE_MASK;
    }

    /**
     * The index of a handle.
     *
     * @param handle the handle.
     * @return the 56-bit index.
     */
    public static long index(final long handle)
    {
        return handle & INDEX_MASK;
    }

    /**
     * Whether the value lives in its bits.
     *
     * @param handle the handle.
     * @return true for immediates.
     */
    public static boolean isImmediate(final long handle)
    {
        return store(handle) == STORE_IMMEDIATE;
    }

    /**
     * Whether the value is null.
     *
     * @param handle the handle.
     * @return true for null.
     */
    public static boolean isNull(final long handle)
    {
        return type(handle) == TYPE_NULL;
    }

    /**
     * Whether the value is an int, uint or float.
     *
     * @param handle the handle.
     * @return true for numbers.
     */
    public static boolean isNumber(final long handle)
    {
        final int type = type(handle);
        return type == TYPE_INT || type == TYPE_UINT || type == TYPE_FLOAT;
    }

    /**
     * Whether the value is a string or binary (a byte slice).
     *
     * @param handle the handle.
     * @return true for strings and binaries.
     */
    public static boolean isBytes(final long handle)
    {
        final int type = type(handle);
        return type == TYPE_STRING || type == TYPE_BINARY;
    }

    /**
     * Whether the value is an array or a record.
     *
     * @param handle the handle.
     * @return true for containers.
     */
    public static boolean isContainer(final long handle)
    {
        final int type = type(handle);
        return type == TYPE_ARRAY || type == TYPE_RECORD;
    }

    /**
     * The bits of a boolean.
     *
     * @param value the boolean.
     * @return 1 or 0.
     */
    public static long bits(final boolean value)
    {
        return value ? 1L : 0L;
    }

    /**
     * The bits of a float.
     *
     * @param value the double.
     * @return its raw bits.
     */
    public static long bits(final double value)
    {
        return Double.doubleToRawLongBits(value);
    }

    /**
     * The double of a float's bits.
     *
     * @param bits the bits.
     * @return the double.
     */
    public static double doubleValue(final long bits)
    {
        return Double.longBitsToDouble(bits);
    }

    /**
     * Any number as a double (uint64 converted with one correct rounding).
     *
     * @param handle a number handle.
     * @param bits its bits.
     * @return the double.
     * @throws IllegalArgumentException if the value is not a number.
     */
    public static double toDouble(final long handle, final long bits)
    {
        return switch (type(handle))
        {
            case TYPE_INT -> (double)bits;
            case TYPE_UINT -> unsignedToDouble(bits);
            case TYPE_FLOAT -> Double.longBitsToDouble(bits);
            default -> throw new IllegalArgumentException("not a number: " + typeName(type(handle)));
        };
    }

    /**
     * The handle of an integer read as uint64 bits: int when it fits 63 bits, uint otherwise.
     *
     * @param unsignedBits the unsigned value.
     * @return {@link #INT} or {@link #UINT}.
     */
    public static long unsignedHandle(final long unsignedBits)
    {
        return unsignedBits < 0 ? UINT : INT;
    }

    /**
     * Name of a type, for messages.
     *
     * @param type a {@code TYPE_} constant.
     * @return its Tremor name.
     */
    public static String typeName(final int type)
    {
        return type >= 0 && type < TYPE_NAMES.length ? TYPE_NAMES[type] : "type" + type;
    }

    static double unsignedToDouble(final long bits)
    {
        // halve with a sticky low bit so the single rounding of the conversion sees every dropped bit
        return bits >= 0 ? (double)bits : (double)((bits >>> 1) | (bits & 1)) * 2.0;
    }
}
