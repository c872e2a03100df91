package io.temblor.json;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

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

    private final VectorSpecies<Byte> species;
    private final int blockBytes;
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
        species = switch (width)
        {
            case W512 -> ByteVector.SPECIES_512;
            case W256 -> ByteVector.SPECIES_256;
            case SCALAR -> null;
        };
        blockBytes = species == null ? Integer.MAX_VALUE : species.length();
    }

    /**
     * Parses the string whose first content byte is at {@code from} (just after the opening quote).
     *
     * @param in input.
     * @param from index after the opening quote.
     * @param end end of the input.
     * @param out string buffer, with {@link #PADDING} spare bytes after the longest possible result.
     * @param at index in out for the length prefix.
     * @return the index in out just after the string's bytes, or a negative {@link JsonError}.
     */
    int parse(final byte[] in, final int from, final int end, final byte[] out, final int at)
    {
        int q = from;
        int d = at + TapeDescriptor.STRING_LENGTH_BYTES;
        final VectorSpecies<Byte> species = this.species;
        final int block = blockBytes;
        while (true)
        {
            if (species != null && q <= end - block)
            {
                final ByteVector v = ByteVector.fromArray(species, in, q);
                v.intoArray(out, d);
                final VectorMask<Byte> special = v.eq((byte)'"').or(v.eq((byte)'\\')).or(v.and((byte)0xE0).eq((byte)0));
                final long bits = special.toLong();
                if (bits == 0)
                {
                    q += block;
                    d += block;
                    continue;
                }
                final int k = Long.numberOfTrailingZeros(bits);
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
                final long r = unescape(in, q, end, out, d);
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
            out[d++] = b;
            q++;
        }
        Tape.INT_LE.set(out, at, d - at - TapeDescriptor.STRING_LENGTH_BYTES);
        return d;
    }

    /**
     * Decodes the escape at {@code q} (a backslash) into out at d. Returns (input bytes consumed) &lt;&lt; 32 | new d, or
     * a negative {@link JsonError}.
     */
    static long unescape(final byte[] in, final int q, final int end, final byte[] out, final int d)
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
            out[d] = r;
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
            out[o++] = (byte)cp;
        }
        else if (cp < 0x800)
        {
            out[o++] = (byte)(0xC0 | (cp >>> 6));
            out[o++] = (byte)(0x80 | (cp & 0x3F));
        }
        else if (cp < 0x10000)
        {
            out[o++] = (byte)(0xE0 | (cp >>> 12));
            out[o++] = (byte)(0x80 | ((cp >>> 6) & 0x3F));
            out[o++] = (byte)(0x80 | (cp & 0x3F));
        }
        else
        {
            out[o++] = (byte)(0xF0 | (cp >>> 18));
            out[o++] = (byte)(0x80 | ((cp >>> 12) & 0x3F));
            out[o++] = (byte)(0x80 | ((cp >>> 6) & 0x3F));
            out[o++] = (byte)(0x80 | (cp & 0x3F));
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
