package io.temblor.json;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import static io.temblor.json.TapeDescriptor.COUNT_MASK;
import static io.temblor.json.TapeDescriptor.COUNT_SHIFT;
import static io.temblor.json.TapeDescriptor.TAG_DOUBLE;
import static io.temblor.json.TapeDescriptor.TAG_END_ARRAY;
import static io.temblor.json.TapeDescriptor.TAG_END_OBJECT;
import static io.temblor.json.TapeDescriptor.TAG_FALSE;
import static io.temblor.json.TapeDescriptor.TAG_INT64;
import static io.temblor.json.TapeDescriptor.TAG_NULL;
import static io.temblor.json.TapeDescriptor.TAG_START_ARRAY;
import static io.temblor.json.TapeDescriptor.TAG_START_OBJECT;
import static io.temblor.json.TapeDescriptor.TAG_STRING;
import static io.temblor.json.TapeDescriptor.TAG_TRUE;
import static io.temblor.json.TapeDescriptor.TAG_UINT64;

/**
 * A reusable flyweight over one value of a {@link Tape}: (tape, index of the value's first word). Navigation writes
 * into caller-provided cursors or returns tape indexes, so nothing is allocated. Valid until the tape's parser parses
 * again. Not thread safe: one thread uses a cursor.
 *
 * <p>Iteration: {@link #firstChild()} gives the index of an array's first element or an object's first key (or
 * {@link Tape#NO_INDEX}); for an array, {@link #nextSibling(int)} steps from element to element; for an object the
 * value of the key at {@code k} is at {@code k + 1} and the next key is {@code nextSibling(k + 1)}.
 */
public final class JsonCursor
{
    private final Utf8Sequence view = new Utf8Sequence();
    private Tape tape;
    private int index;

    /**
     * Points the cursor at a tape's root value.
     *
     * @param tape the tape.
     * @return this.
     */
    public JsonCursor wrap(final Tape tape)
    {
        return wrap(tape, Tape.ROOT_INDEX);
    }

    /**
     * Points the cursor at the value whose first word is at {@code index}.
     *
     * @param tape the tape.
     * @param index the value's index.
     * @return this.
     */
    public JsonCursor wrap(final Tape tape, final int index)
    {
        this.tape = tape;
        this.index = index;
        return this;
    }

    /**
     * Moves to another value of the same tape.
     *
     * @param index the value's index.
     * @return this.
     */
    public JsonCursor moveTo(final int index)
    {
        this.index = index;
        return this;
    }

    /**
     * The tape.
     *
     * @return the wrapped tape.
     */
    public Tape tape()
    {
        return tape;
    }

    /**
     * Index of the current value's first word.
     *
     * @return the index.
     */
    public int index()
    {
        return index;
    }

    /**
     * Index just after the current value (O(1)).
     *
     * @return the index of the next word after the value.
     */
    public int skip()
    {
        return tape.skip(index);
    }

    /**
     * The type of the current value.
     *
     * @return the type.
     * @throws IllegalStateException if the cursor is not on a value's first word.
     */
    public JsonType type()
    {
        return switch (tape.tag(index))
        {
            case TAG_START_OBJECT -> JsonType.OBJECT;
            case TAG_START_ARRAY -> JsonType.ARRAY;
            case TAG_STRING -> JsonType.STRING;
            case TAG_INT64 -> JsonType.INT64;
            case TAG_UINT64 -> JsonType.UINT64;
            case TAG_DOUBLE -> JsonType.DOUBLE;
            case TAG_TRUE, TAG_FALSE -> JsonType.BOOLEAN;
            case TAG_NULL -> JsonType.NULL;
            default -> throw new IllegalStateException("not a value at tape index " + index);
        };
    }

    /**
     * Whether the value is null.
     *
     * @return true for null.
     */
    public boolean isNull()
    {
        return tape.tag(index) == TAG_NULL;
    }

    /**
     * The boolean value.
     *
     * @return the value.
     * @throws IllegalStateException if the value is not a boolean.
     */
    public boolean booleanValue()
    {
        final byte tag = tape.tag(index);
        if (tag == TAG_TRUE)
        {
            return true;
        }
        if (tag != TAG_FALSE)
        {
            throw wrongType("boolean");
        }
        return false;
    }

    /**
     * Whether the value is an integer above {@link Long#MAX_VALUE} ({@link #longValue()} then holds its unsigned bits).
     *
     * @return true for uint64.
     */
    public boolean isUnsigned()
    {
        return tape.tag(index) == TAG_UINT64;
    }

    /**
     * The integer value: an int64, or the bits of a uint64 (see {@link #isUnsigned()}).
     *
     * @return the value.
     * @throws IllegalStateException if the value is not an integer.
     */
    public long longValue()
    {
        final byte tag = tape.tag(index);
        if (tag != TAG_INT64 && tag != TAG_UINT64)
        {
            throw wrongType("integer");
        }
        return tape.numberBits(index);
    }

    /**
     * Any number as a double (int64 and uint64 converted, rounding beyond 2^53).
     *
     * @return the value.
     * @throws IllegalStateException if the value is not a number.
     */
    public double doubleValue()
    {
        final byte tag = tape.tag(index);
        final long bits = tape.numberBits(index);
        return switch (tag)
        {
            case TAG_DOUBLE -> Double.longBitsToDouble(bits);
            case TAG_INT64 -> (double)bits;
            case TAG_UINT64 -> unsignedToDouble(bits);
            default -> throw wrongType("number");
        };
    }

    /**
     * UTF-8 byte length of the string (or key).
     *
     * @return the byte count.
     */
    public int stringLength()
    {
        checkString();
        return tape.stringLength(index);
    }

    /**
     * Offset of the string's first byte in {@link Tape#strings()}.
     *
     * @return the byte offset.
     */
    public long stringOffset()
    {
        checkString();
        return tape.stringOffset(index);
    }

    /**
     * Copies the string's UTF-8 bytes into {@code dst} at {@code offset}.
     *
     * @param dst destination with room for {@link #stringLength()} bytes.
     * @param offset first index in dst.
     * @return bytes copied.
     */
    public int stringBytes(final byte[] dst, final int offset)
    {
        checkString();
        final int length = tape.stringLength(index);
        MemorySegment.copy(tape.strings(), ValueLayout.JAVA_BYTE, tape.stringOffset(index), dst, offset, length);
        return length;
    }

    /**
     * A reused {@link CharSequence} view of the string; valid until this cursor's next {@code stringView()} call or
     * the parser's next parse.
     *
     * @return the view.
     */
    public CharSequence stringView()
    {
        checkString();
        return view.wrap(tape.strings(), tape.stringOffset(index), tape.stringLength(index));
    }

    /**
     * Whether the string equals {@code value} (compared as UTF-8, no allocation).
     *
     * @param value the chars.
     * @return true when equal.
     */
    public boolean stringEquals(final CharSequence value)
    {
        checkString();
        return Utf8Sequence.equals(tape.strings(), tape.stringOffset(index), tape.stringLength(index), value);
    }

    /**
     * Whether the string's UTF-8 bytes equal {@code value}.
     *
     * @param value the bytes.
     * @return true when equal.
     */
    public boolean stringEquals(final byte[] value)
    {
        checkString();
        return bytesEqual(tape.strings(), tape.stringOffset(index), tape.stringLength(index), value);
    }

    /**
     * Number of elements of an array or entries of an object; O(1) unless over 2^24 - 2, then counted by walking.
     *
     * @return the size.
     * @throws IllegalStateException if the value is not a container.
     */
    public int size()
    {
        final long word = tape.word(index);
        final byte tag = (byte)(word >>> TapeDescriptor.TAG_SHIFT);
        if (tag != TAG_START_ARRAY && tag != TAG_START_OBJECT)
        {
            throw wrongType("container");
        }
        final int count = (int)(word >>> COUNT_SHIFT) & COUNT_MASK;
        if (count < COUNT_MASK)
        {
            return count;
        }
        final Tape t = tape;
        final int end = (int)(word & TapeDescriptor.INDEX_MASK) - 1;
        int n = 0;
        for (int i = index + 1; i < end; i = t.skip(tag == TAG_START_OBJECT ? i + 1 : i))
        {
            n++;
        }
        return n;
    }

    /**
     * Finds the value of an object's field by key (linear scan comparing UTF-8, first match wins).
     *
     * @param key the key.
     * @param out cursor pointed at the value when found (untouched otherwise).
     * @return whether the key was found.
     * @throws IllegalStateException if the value is not an object.
     */
    public boolean field(final CharSequence key, final JsonCursor out)
    {
        final Tape t = tape;
        if (t.tag(index) != TAG_START_OBJECT)
        {
            throw wrongType("object");
        }
        final MemorySegment strings = t.strings();
        int k = index + 1;
        while (t.tag(k) != TAG_END_OBJECT)
        {
            if (Utf8Sequence.equals(strings, t.stringOffset(k), t.stringLength(k), key))
            {
                out.wrap(t, k + 1);
                return true;
            }
            k = t.skip(k + 1);
        }
        return false;
    }

    /**
     * Finds the value of an object's field by UTF-8 key bytes.
     *
     * @param key the key's UTF-8 bytes.
     * @param out cursor pointed at the value when found (untouched otherwise).
     * @return whether the key was found.
     * @throws IllegalStateException if the value is not an object.
     */
    public boolean field(final byte[] key, final JsonCursor out)
    {
        final Tape t = tape;
        if (t.tag(index) != TAG_START_OBJECT)
        {
            throw wrongType("object");
        }
        final MemorySegment strings = t.strings();
        int k = index + 1;
        while (t.tag(k) != TAG_END_OBJECT)
        {
            if (bytesEqual(strings, t.stringOffset(k), t.stringLength(k), key))
            {
                out.wrap(t, k + 1);
                return true;
            }
            k = t.skip(k + 1);
        }
        return false;
    }

    /**
     * Points {@code out} at an array's i-th element (walking with O(1) skips).
     *
     * @param i zero-based element index.
     * @param out cursor pointed at the element when it exists (untouched otherwise).
     * @return whether the element exists.
     * @throws IllegalStateException if the value is not an array.
     */
    public boolean element(final int i, final JsonCursor out)
    {
        final Tape t = tape;
        if (t.tag(index) != TAG_START_ARRAY)
        {
            throw wrongType("array");
        }
        if (i < 0)
        {
            return false;
        }
        int e = index + 1;
        for (int j = 0; j < i; j++)
        {
            if (t.tag(e) == TAG_END_ARRAY)
            {
                return false;
            }
            e = t.skip(e);
        }
        if (t.tag(e) == TAG_END_ARRAY)
        {
            return false;
        }
        out.wrap(t, e);
        return true;
    }

    /**
     * Index of an array's first element or an object's first key.
     *
     * @return the index, or {@link Tape#NO_INDEX} when empty.
     * @throws IllegalStateException if the value is not a container.
     */
    public int firstChild()
    {
        final byte tag = tape.tag(index);
        if (tag != TAG_START_ARRAY && tag != TAG_START_OBJECT)
        {
            throw wrongType("container");
        }
        return childOrNone(index + 1);
    }

    /**
     * Index of the value after the one at {@code childIndex} in the same container.
     *
     * @param childIndex index of an element (or of an object's value, to reach the next key).
     * @return the next sibling's index, or {@link Tape#NO_INDEX} at the container's end.
     */
    public int nextSibling(final int childIndex)
    {
        return childOrNone(tape.skip(childIndex));
    }

    private int childOrNone(final int i)
    {
        final byte tag = tape.tag(i);
        return tag == TAG_END_ARRAY || tag == TAG_END_OBJECT ? Tape.NO_INDEX : i;
    }

    private void checkString()
    {
        if (tape.tag(index) != TAG_STRING)
        {
            throw wrongType("string");
        }
    }

    private IllegalStateException wrongType(final String expected)
    {
        return new IllegalStateException("expected " + expected + " at tape index " + index + ", tag '" +
            (char)tape.tag(index) + "'");
    }

    static boolean bytesEqual(final MemorySegment segment, final long offset, final int length, final byte[] value)
    {
        if (length != value.length)
        {
            return false;
        }
        for (int i = 0; i < length; i++)
        {
            if (segment.get(ValueLayout.JAVA_BYTE, offset + i) != value[i])
            {
                return false;
            }
        }
        return true;
    }

    private static double unsignedToDouble(final long bits)
    {
        // halve with a sticky low bit so the one rounding step sees every dropped bit
        return (double)((bits >>> 1) | (bits & 1)) * 2.0;
    }
}
