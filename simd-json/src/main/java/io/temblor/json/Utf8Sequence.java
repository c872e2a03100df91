package io.temblor.json;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A reusable {@link CharSequence} view over UTF-8 bytes in a segment (for example a string on a {@link Tape}). ASCII
 * content is read in place; other content is decoded once per {@link #wrap} into a reused char array that grows only
 * for longer strings than any before. Valid while the wrapped bytes are (until the owning parser's next parse). Not
 * thread safe: one thread wraps and reads it. {@link #toString()} and {@link #subSequence} allocate (cold paths).
 */
public final class Utf8Sequence implements CharSequence
{
    private static final long HIGH_BITS = 0x8080_8080_8080_8080L;
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED;

    private MemorySegment segment = MemorySegment.NULL;
    private long offset;
    private int byteLength;
    private boolean ascii = true;
    private char[] chars = new char[64];
    private int charLength;

    /**
     * Points the view at UTF-8 bytes (assumed valid UTF-8, as the parser guarantees for tape strings).
     *
     * @param segment the bytes' segment.
     * @param offset first byte.
     * @param length byte count.
     * @return this.
     */
    public Utf8Sequence wrap(final MemorySegment segment, final long offset, final int length)
    {
        this.segment = segment;
        this.offset = offset;
        this.byteLength = length;
        ascii = isAscii(segment, offset, length);
        if (ascii)
        {
            charLength = length;
        }
        else
        {
            decode();
        }
        return this;
    }

    /**
     * UTF-8 byte length of the wrapped string.
     *
     * @return the byte count.
     */
    public int byteLength()
    {
        return byteLength;
    }

    /** {@inheritDoc} */
    @Override
    public int length()
    {
        return charLength;
    }

    /** {@inheritDoc} */
    @Override
    public char charAt(final int index)
    {
        if (index < 0 || index >= charLength)
        {
            throw new IndexOutOfBoundsException("index " + index + " length " + charLength);
        }
        return ascii ? (char)segment.get(ValueLayout.JAVA_BYTE, offset + index) : chars[index];
    }

    /** {@inheritDoc} Allocates a String. */
    @Override
    public CharSequence subSequence(final int start, final int end)
    {
        return toString().substring(start, end);
    }

    /** {@inheritDoc} Allocates. */
    @Override
    public String toString()
    {
        if (ascii)
        {
            final byte[] bytes = new byte[byteLength];
            MemorySegment.copy(segment, ValueLayout.JAVA_BYTE, offset, bytes, 0, byteLength);
            return new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
        }
        return new String(chars, 0, charLength);
    }

    private void decode()
    {
        if (chars.length < byteLength)
        {
            chars = new char[Math.max(byteLength, chars.length * 2)];
        }
        final char[] dst = chars;
        final MemorySegment seg = segment;
        final long end = offset + byteLength;
        long p = offset;
        int n = 0;
        while (p < end)
        {
            final int b = seg.get(ValueLayout.JAVA_BYTE, p) & 0xFF;
            if (b < 0x80)
            {
                dst[n++] = (char)b;
                p++;
            }
            else if (b < 0xE0)
            {
                dst[n++] = (char)(((b & 0x1F) << 6) | (seg.get(ValueLayout.JAVA_BYTE, p + 1) & 0x3F));
                p += 2;
            }
            else if (b < 0xF0)
            {
                dst[n++] = (char)(((b & 0x0F) << 12) | ((seg.get(ValueLayout.JAVA_BYTE, p + 1) & 0x3F) << 6) |
                    (seg.get(ValueLayout.JAVA_BYTE, p + 2) & 0x3F));
                p += 3;
            }
            else
            {
                final int cp = ((b & 0x07) << 18) | ((seg.get(ValueLayout.JAVA_BYTE, p + 1) & 0x3F) << 12) |
                    ((seg.get(ValueLayout.JAVA_BYTE, p + 2) & 0x3F) << 6) | (seg.get(ValueLayout.JAVA_BYTE, p + 3) & 0x3F);
                dst[n++] = Character.highSurrogate(cp);
                dst[n++] = Character.lowSurrogate(cp);
                p += 4;
            }
        }
        charLength = n;
    }

    static boolean isAscii(final MemorySegment segment, final long offset, final int length)
    {
        long p = offset;
        final long end = offset + length;
        long acc = 0;
        for (; p + 8 <= end; p += 8)
        {
            acc |= segment.get(LONG, p);
        }
        for (; p < end; p++)
        {
            acc |= segment.get(ValueLayout.JAVA_BYTE, p);
        }
        return (acc & HIGH_BITS) == 0;
    }

    /**
     * Whether UTF-8 bytes equal a char sequence, encoding the chars on the fly (no allocation). Unpaired surrogates
     * in {@code cs} never match.
     */
    static boolean equals(final MemorySegment segment, final long offset, final int length, final CharSequence cs)
    {
        final int n = cs.length();
        if (n > length || (long)n * 3 < length)
        {
            return false;
        }
        long p = offset;
        final long end = offset + length;
        for (int i = 0; i < n; i++)
        {
            final char c = cs.charAt(i);
            if (c < 0x80)
            {
                if (p >= end || segment.get(ValueLayout.JAVA_BYTE, p) != (byte)c)
                {
                    return false;
                }
                p++;
            }
            else if (c < 0x800)
            {
                if (p + 2 > end || segment.get(ValueLayout.JAVA_BYTE, p) != (byte)(0xC0 | (c >>> 6)) ||
                    segment.get(ValueLayout.JAVA_BYTE, p + 1) != (byte)(0x80 | (c & 0x3F)))
                {
                    return false;
                }
                p += 2;
            }
            else if (Character.isSurrogate(c))
            {
                if (!Character.isHighSurrogate(c) || i + 1 >= n || !Character.isLowSurrogate(cs.charAt(i + 1)) ||
                    p + 4 > end)
                {
                    return false;
                }
                final int cp = Character.toCodePoint(c, cs.charAt(++i));
                if (segment.get(ValueLayout.JAVA_BYTE, p) != (byte)(0xF0 | (cp >>> 18)) ||
                    segment.get(ValueLayout.JAVA_BYTE, p + 1) != (byte)(0x80 | ((cp >>> 12) & 0x3F)) ||
                    segment.get(ValueLayout.JAVA_BYTE, p + 2) != (byte)(0x80 | ((cp >>> 6) & 0x3F)) ||
                    segment.get(ValueLayout.JAVA_BYTE, p + 3) != (byte)(0x80 | (cp & 0x3F)))
                {
                    return false;
                }
                p += 4;
            }
            else
            {
                if (p + 3 > end || segment.get(ValueLayout.JAVA_BYTE, p) != (byte)(0xE0 | (c >>> 12)) ||
                    segment.get(ValueLayout.JAVA_BYTE, p + 1) != (byte)(0x80 | ((c >>> 6) & 0x3F)) ||
                    segment.get(ValueLayout.JAVA_BYTE, p + 2) != (byte)(0x80 | (c & 0x3F)))
                {
                    return false;
                }
                p += 3;
            }
        }
        return p == end;
    }
}
