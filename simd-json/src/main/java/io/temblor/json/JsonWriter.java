package io.temblor.json;

import io.temblor.offheap.ByteSink;
import io.temblor.offheap.Memory;

import java.lang.foreign.MemorySegment;

import static io.temblor.json.TapeDescriptor.TAG_SHIFT;

/**
 * Writes compact JSON from a {@link Tape} into a {@link ByteSink}: strings escaped per RFC 8259 (quote, backslash and
 * control characters; other UTF-8 kept as is), integers exact, doubles as the shortest round-trip decimal. Reusable;
 * allocates nothing in steady state (its nesting stack grows only for deeper documents than any before). Not thread
 * safe: one thread uses a writer.
 */
public final class JsonWriter
{
    /** The base object of native memory for {@link Memory} (typed, so overloads resolve to (base, address)). */
    private static final Object NATIVE = null;

    private static final byte[] ESCAPE = new byte[256];
    private static final byte[] HEX_DIGITS = {'0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'a', 'b', 'c', 'd', 'e', 'f'};
    private static final byte[] TRUE_BYTES = {'t', 'r', 'u', 'e'};
    private static final byte[] FALSE_BYTES = {'f', 'a', 'l', 's', 'e'};
    private static final byte[] NULL_BYTES = {'n', 'u', 'l', 'l'};
    /** Worst case bytes per string byte: a control character as \\u00XX. */
    private static final int MAX_ESCAPE_BYTES = 6;

    static
    {
        for (int i = 0; i < 0x20; i++)
        {
            ESCAPE[i] = 'u';
        }
        ESCAPE['"'] = '"';
        ESCAPE['\\'] = '\\';
        ESCAPE['\b'] = 'b';
        ESCAPE['\f'] = 'f';
        ESCAPE['\n'] = 'n';
        ESCAPE['\r'] = 'r';
        ESCAPE['\t'] = 't';
    }

    private final byte[] number = new byte[40];
    /** Per nesting level: whether the container is an object. */
    private boolean[] inObject = new boolean[64];

    /**
     * Writes the tape's whole document.
     *
     * @param tape a tape holding a parsed document.
     * @param sink destination (appended to).
     * @return bytes written.
     */
    public long write(final Tape tape, final ByteSink sink)
    {
        return write(tape, Tape.ROOT_INDEX, sink);
    }

    /**
     * Writes the value at a cursor.
     *
     * @param cursor the value.
     * @param sink destination (appended to).
     * @return bytes written.
     */
    public long write(final JsonCursor cursor, final ByteSink sink)
    {
        return write(cursor.tape(), cursor.index(), sink);
    }

    /**
     * Writes the value whose first word is at {@code index}.
     *
     * @param tape the tape.
     * @param index the value's index.
     * @param sink destination (appended to).
     * @return bytes written.
     */
    public long write(final Tape tape, final int index, final ByteSink sink)
    {
        final long startPosition = sink.position();
        final long words = tape.wordsAddress;
        final long strings = tape.stringsAddress;
        final int end = tape.skip(index);
        boolean[] stack = inObject;
        int depth = 0;
        boolean object = false;
        boolean needComma = false;
        boolean expectKey = false;
        int i = index;
        while (i < end)
        {
            final long word = Memory.getLong(null, words + ((long)i << 3));
            final byte tag = (byte)(word >>> TAG_SHIFT);
            switch (tag)
            {
                case TapeDescriptor.TAG_START_OBJECT, TapeDescriptor.TAG_START_ARRAY ->
                {
                    if (needComma)
                    {
                        sink.writeByte(',');
                    }
                    sink.writeByte(tag);
                    if (depth + 1 >= stack.length)
                    {
                        stack = java.util.Arrays.copyOf(stack, stack.length * 2);
                        inObject = stack;
                    }
                    stack[depth++] = object;
                    object = tag == TapeDescriptor.TAG_START_OBJECT;
                    needComma = false;
                    expectKey = object;
                    i++;
                }
                case TapeDescriptor.TAG_END_OBJECT, TapeDescriptor.TAG_END_ARRAY ->
                {
                    sink.writeByte(tag);
                    object = stack[--depth];
                    needComma = true;
                    expectKey = object;
                    i++;
                }
                case TapeDescriptor.TAG_STRING ->
                {
                    if (needComma)
                    {
                        sink.writeByte(',');
                    }
                    final int at = (int)(word & TapeDescriptor.PAYLOAD_MASK);
                    writeString(NATIVE, strings + at + TapeDescriptor.STRING_LENGTH_BYTES, Memory.getInt(null, strings + at), sink);
                    if (expectKey)
                    {
                        sink.writeByte(':');
                        needComma = false;
                        expectKey = false;
                    }
                    else
                    {
                        needComma = true;
                        expectKey = object;
                    }
                    i++;
                }
                default ->
                {
                    if (needComma)
                    {
                        sink.writeByte(',');
                    }
                    i += writeScalar(tag, words, i, sink);
                    needComma = true;
                    expectKey = object;
                }
            }
        }
        return sink.position() - startPosition;
    }

    private int writeScalar(final byte tag, final long words, final int i, final ByteSink sink)
    {
        switch (tag)
        {
            case TapeDescriptor.TAG_INT64 ->
            {
                final int n = NumberWriter.writeLong(Memory.getLong(null, words + ((long)(i + 1) << 3)), number, 0);
                sink.write(number, 0, n);
                return 2;
            }
            case TapeDescriptor.TAG_UINT64 ->
            {
                final int n = NumberWriter.writeUnsignedLong(Memory.getLong(null, words + ((long)(i + 1) << 3)), number, 0);
                sink.write(number, 0, n);
                return 2;
            }
            case TapeDescriptor.TAG_DOUBLE ->
            {
                final double d = Double.longBitsToDouble(Memory.getLong(null, words + ((long)(i + 1) << 3)));
                final int n = NumberWriter.writeDouble(d, number, 0);
                sink.write(number, 0, n);
                return 2;
            }
            case TapeDescriptor.TAG_TRUE ->
            {
                sink.write(TRUE_BYTES, 0, TRUE_BYTES.length);
                return 1;
            }
            case TapeDescriptor.TAG_FALSE ->
            {
                sink.write(FALSE_BYTES, 0, FALSE_BYTES.length);
                return 1;
            }
            case TapeDescriptor.TAG_NULL ->
            {
                sink.write(NULL_BYTES, 0, NULL_BYTES.length);
                return 1;
            }
            default -> throw new IllegalStateException("unexpected tape tag '" + (char)tag + "' at " + i);
        }
    }

    /**
     * Writes UTF-8 bytes as a quoted JSON string, escaping as RFC 8259 requires.
     *
     * @param src the bytes.
     * @param offset first byte.
     * @param length byte count.
     * @param sink destination.
     */
    public static void writeString(final byte[] src, final int offset, final int length, final ByteSink sink)
    {
        java.util.Objects.checkFromIndexSize(offset, length, src.length);
        writeString(src, Memory.BYTE_ARRAY_OFFSET + offset, length, sink);
    }

    /**
     * Writes UTF-8 bytes of a segment (native, or heap over a byte[]) as a quoted JSON string.
     *
     * @param src the segment.
     * @param offset offset of the first byte.
     * @param length byte count.
     * @param sink destination.
     */
    public static void writeString(final MemorySegment src, final long offset, final int length, final ByteSink sink)
    {
        java.util.Objects.checkFromIndexSize(offset, length, src.byteSize());
        writeString(Memory.base(src), Memory.address(src) + offset, length, sink);
    }

    /**
     * Writes UTF-8 bytes addressed as (base, address) (see {@link Memory}) as a quoted JSON string, escaping as
     * RFC 8259 requires.
     *
     * @param srcBase the bytes' base object (a byte[]) or null for native memory.
     * @param srcAddress address of the first byte.
     * @param length byte count.
     * @param sink destination.
     */
    public static void writeString(final Object srcBase, final long srcAddress, final int length, final ByteSink sink)
    {
        final MemorySegment dst = sink.reserve((long)length * MAX_ESCAPE_BYTES + 2);
        final long base = dst.address();
        long d = base + sink.position();
        Memory.putByte(null, d++, (byte)'"');
        long run = srcAddress;
        final long end = srcAddress + length;
        for (long p = srcAddress; p < end; p++)
        {
            final int b = Memory.getByte(srcBase, p) & 0xFF;
            if (ESCAPE[b] != 0)
            {
                final long n = p - run;
                Memory.copy(srcBase, run, null, d, n);
                d += n;
                d = putEscaped(b, d);
                run = p + 1;
            }
        }
        final long n = end - run;
        Memory.copy(srcBase, run, null, d, n);
        d += n;
        Memory.putByte(null, d++, (byte)'"');
        sink.position(d - base);
    }

    /**
     * Writes one byte of string content at a raw address as JSON does inside quotes: itself, or its escape (a backslash
     * before a quote or backslash, the one-letter escapes, a backslash-u escape with four hex digits for other control
     * bytes). Shared by every writer of JSON strings, so they all escape the same way.
     *
     * @param c the byte, 0-255.
     * @param at where to write; up to six bytes.
     * @return the address after what was written.
     */
    public static long putEscaped(final int c, final long at)
    {
        long d = at;
        final byte e = ESCAPE[c];
        if (e == 0)
        {
            Memory.putByte(null, d, (byte)c);
            return d + 1;
        }
        Memory.putByte(null, d++, (byte)'\\');
        Memory.putByte(null, d++, e);
        if (e == 'u')
        {
            Memory.putByte(null, d++, (byte)'0');
            Memory.putByte(null, d++, (byte)'0');
            Memory.putByte(null, d++, HEX_DIGITS[c >>> 4]);
            Memory.putByte(null, d++, HEX_DIGITS[c & 0xF]);
        }
        return d;
    }

    /**
     * Appends a Java string as a JSON string literal, escaped exactly as {@link #putEscaped(int, long)} escapes bytes
     * (characters from U+0080 on are appended as they are). For cold paths that build text: messages, rendered values.
     *
     * @param text the string.
     * @param out receives the quoted literal.
     * @return {@code out}.
     */
    public static StringBuilder quote(final CharSequence text, final StringBuilder out)
    {
        out.append('"');
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            final byte e = c < ESCAPE.length ? ESCAPE[c] : 0;
            if (e == 0)
            {
                out.append(c);
            }
            else if (e == 'u')
            {
                out.append("\\u00").append((char)HEX_DIGITS[c >>> 4]).append((char)HEX_DIGITS[c & 0xF]);
            }
            else
            {
                out.append('\\').append((char)e);
            }
        }
        return out.append('"');
    }
}
