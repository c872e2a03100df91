package io.temblor.json;

import io.temblor.offheap.Memory;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;

/**
 * Copies one JSON string's contents into the string buffer, unescaping as it goes, and writes its length prefix.
 * With a vector width, whole blocks are copied with one load and one store while a compare finds the first quote,
 * backslash or control byte (the block copy trick of simdjson's string parsing, Langdale &amp; Lemire 2019); the
 * bytes stored past that point are overwritten or lie in the buffer's padding. One per builder; not thread safe.
 */
final class StringParser
{
    /** Bytes the parser may write past a string's end in the string buffer (vector stores). */
    static final int PADDING = 64;

    private static final byte[] HEX = new byte[256];

    /**
     * All of native memory as one segment, so that the vector stores address the string buffer by its raw address:
     * a constant segment leaves C2 nothing to check per string, where the buffer's own segment (a field) costs about
     * twenty instructions of class, bounds and session checks before every copy loop (measured). The buffer's bounds
     * are guaranteed by the caller (see {@link #parse}).
     */
    private static final MemorySegment NATIVE = MemorySegment.NULL.reinterpret(Long.MAX_VALUE);
    private static final VectorSpecies<Byte> SPECIES_256 = ByteVector.SPECIES_256;
    private static final VectorSpecies<Byte> SPECIES_512 = ByteVector.SPECIES_512;
    private static final int MODE_SCALAR = 0;
    private static final int MODE_256 = 1;
    private static final int MODE_512 = 2;

    /** Which block copy runs; the species are constants in each copy loop so C2 needs no type checks. */
    private final int mode;
    private static final byte[] SIMPLE_ESCAPE = new byte[256];

    static
    {
        java.util.Arrays.fill(HEX, (byte)-1);
        for (int i = 0; i < 10; i++)
        {
            HEX['0' + i] = (byte)i;
        }
        for (int i = 0; i < 6; i++)
        {
            HEX['a' + i] = (byte)(10 + i);
            HEX['A' + i] = (byte)(10 + i);
        }
        SIMPLE_ESCAPE['"'] = '"';
        SIMPLE_ESCAPE['\\'] = '\\';
        SIMPLE_ESCAPE['/'] = '/';
        SIMPLE_ESCAPE['b'] = '\b';
        SIMPLE_ESCAPE['f'] = '\f';
        SIMPLE_ESCAPE['n'] = '\n';
        SIMPLE_ESCAPE['r'] = '\r';
        SIMPLE_ESCAPE['t'] = '\t';
    }

    StringParser(final SimdWidth width)
    {
        mode = switch (width)
        {
            case W512 -> MODE_512;
            case W256 -> MODE_256;
            case SCALAR -> MODE_SCALAR;
        };
    }

    /**
     * Parses the string whose first content byte is at {@code from} (just after the opening quote).
     *
     * @param in input.
     * @param from index after the opening quote.
     * @param end end of the input.
     * @param outAddress address of the string buffer, which has {@link #PADDING} spare bytes after the longest
     *     possible result.
     * @param at index in out for the length prefix.
     * @return the index in out just after the string's bytes, or a negative {@link JsonError}.
     */
    int parse(final byte[] in, final int from, final int end, final long outAddress, final int at)
    {
        return parse(mode, in, from, end, outAddress, at);
    }

    /** This parser's block copy, as {@link #parse(int, byte[], int, int, long, int)} takes it. */
    int mode()
    {
        return mode;
    }

    /**
     * {@link #parse(byte[], int, int, long, int)} with the block copy as an argument: a caller that parses many
     * strings in one loop reads {@link #mode()} once, where the field would be read again for every string (C2 does
     * not hoist it across the loop's calls).
     *
     * @param mode the value of {@link #mode()}.
     * @param in input.
     * @param from index after the opening quote.
     * @param end end of the input.
     * @param outAddress address of the string buffer (see {@link #parse(byte[], int, int, long, int)}).
     * @param at index in out for the length prefix.
     * @return the index in out just after the string's bytes, or a negative {@link JsonError}.
     */
    static int parse(final int mode, final byte[] in, final int from, final int end, final long outAddress,
        final int at)
    {
        int q = from;
        int d = at + TapeDescriptor.STRING_LENGTH_BYTES;
        while (true)
        {
            if (mode != MODE_SCALAR)
            {
                final int k = mode == MODE_256 ? copy256(in, q, end, outAddress + d) : copy512(in, q, end, outAddress + d);
                if (k < 0)
                {
                    // the closing quote, found by the block compare: no need to read it back
                    d += ~k;
                    break;
                }
                q += k;
                d += k;
            }
            if (q >= end)
            {
                return JsonError.UNCLOSED_STRING;
            }
            final byte b = in[q];
            if (b == '"')
            {
                break;
            }
            if (b == '\\')
            {
                // the one-letter escapes inline (log messages are full of \n and \t); \\u and errors out of line
                final byte simple = q + 1 < end ? SIMPLE_ESCAPE[in[q + 1] & 0xFF] : 0;
                if (simple != 0)
                {
                    Memory.putByte(null, outAddress + d++, simple);
                    q += 2;
                    continue;
                }
                final long r = unescape(in, q, end, outAddress, d);
                if (r < 0)
                {
                    return (int)r;
                }
                d = (int)r;
                q += (int)(r >>> 32);
                continue;
            }
            if ((b & 0xE0) == 0)
            {
                return JsonError.STRING_ERROR;
            }
            Memory.putByte(null, outAddress + d++, b);
            q++;
        }
        Memory.putInt(null, outAddress + at, d - at - TapeDescriptor.STRING_LENGTH_BYTES);
        return d;
    }

    /**
     * Copies 32-byte blocks from in[q] to out[d] until one holds a quote, backslash or control byte (or fewer than 32
     * input bytes remain); returns the bytes up to that special byte (everything stored beyond it is overwritten later),
     * as {@code ~n} (negative) when the special byte is a quote, so the caller's next step does not wait for a load of
     * the byte it already compared.
     */
    private static int copy256(final byte[] in, final int q, final int end, final long to)
    {
        int n = 0;
        while (q + n <= end - 32)
        {
            final ByteVector v = ByteVector.fromArray(SPECIES_256, in, q + n);
            v.intoMemorySegment(NATIVE, to + n, ByteOrder.LITTLE_ENDIAN);
            final VectorMask<Byte> quote = v.eq((byte)'"');
            final long quotes = quote.toLong();
            final long bits = quote.or(v.eq((byte)'\\')).or(v.and((byte)0xE0).eq((byte)0)).toLong();
            if (bits != 0)
            {
                final int k = n + Long.numberOfTrailingZeros(bits);
                return (quotes & bits & -bits) != 0 ? ~k : k;
            }
            n += 32;
        }
        return n;
    }

    /** {@link #copy256} with 64-byte blocks. */
    private static int copy512(final byte[] in, final int q, final int end, final long to)
    {
        int n = 0;
        while (q + n <= end - 64)
        {
            final ByteVector v = ByteVector.fromArray(SPECIES_512, in, q + n);
            v.intoMemorySegment(NATIVE, to + n, ByteOrder.LITTLE_ENDIAN);
            final VectorMask<Byte> quote = v.eq((byte)'"');
            final long quotes = quote.toLong();
            final long bits = quote.or(v.eq((byte)'\\')).or(v.and((byte)0xE0).eq((byte)0)).toLong();
            if (bits != 0)
            {
                final int k = n + Long.numberOfTrailingZeros(bits);
                return (quotes & bits & -bits) != 0 ? ~k : k;
            }
            n += 64;
        }
        return n;
    }

    /**
     * Decodes the escape at {@code q} (a backslash) into out at d. Returns (input bytes consumed) &lt;&lt; 32 | new d, or
     * a negative {@link JsonError}.
     */
    static long unescape(final byte[] in, final int q, final int end, final long out, final int d)
    {
        if (q + 1 >= end)
        {
            return JsonError.STRING_ERROR;
        }
        final int e = in[q + 1] & 0xFF;
        if (e != 'u')
        {
            final byte r = SIMPLE_ESCAPE[e];
            if (r == 0)
            {
                return JsonError.STRING_ERROR;
            }
            Memory.putByte(null, out + d, r);
            return (2L << 32) | (d + 1);
        }
        int cp = hex4(in, q + 2, end);
        if (cp < 0)
        {
            return JsonError.STRING_ERROR;
        }
        long consumed = 6;
        if (cp >= 0xD800 && cp <= 0xDFFF)
        {
            if (cp >= 0xDC00 || q + 12 > end || in[q + 6] != '\\' || in[q + 7] != 'u')
            {
                return JsonError.STRING_ERROR;
            }
            final int low = hex4(in, q + 8, end);
            if (low < 0xDC00 || low > 0xDFFF)
            {
                return JsonError.STRING_ERROR;
            }
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
            consumed = 12;
        }
        int o = d;
        if (cp < 0x80)
        {
            Memory.putByte(null, out + o++, (byte)cp);
        }
        else if (cp < 0x800)
        {
            Memory.putByte(null, out + o++, (byte)(0xC0 | (cp >>> 6)));
            Memory.putByte(null, out + o++, (byte)(0x80 | (cp & 0x3F)));
        }
        else if (cp < 0x10000)
        {
            Memory.putByte(null, out + o++, (byte)(0xE0 | (cp >>> 12)));
            Memory.putByte(null, out + o++, (byte)(0x80 | ((cp >>> 6) & 0x3F)));
            Memory.putByte(null, out + o++, (byte)(0x80 | (cp & 0x3F)));
        }
        else
        {
            Memory.putByte(null, out + o++, (byte)(0xF0 | (cp >>> 18)));
            Memory.putByte(null, out + o++, (byte)(0x80 | ((cp >>> 12) & 0x3F)));
            Memory.putByte(null, out + o++, (byte)(0x80 | ((cp >>> 6) & 0x3F)));
            Memory.putByte(null, out + o++, (byte)(0x80 | (cp & 0x3F)));
        }
        return (consumed << 32) | o;
    }

    private static int hex4(final byte[] in, final int at, final int end)
    {
        if (at + 4 > end)
        {
            return -1;
        }
        final int a = HEX[in[at] & 0xFF];
        final int b = HEX[in[at + 1] & 0xFF];
        final int c = HEX[in[at + 2] & 0xFF];
        final int e = HEX[in[at + 3] & 0xFF];
        return (a | b | c | e) < 0 ? -1 : (a << 12) | (b << 8) | (c << 4) | e;
    }
}
