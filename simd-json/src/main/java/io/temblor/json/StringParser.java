package io.temblor.json;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Copies one JSON string's contents into the string buffer, unescaping as it goes, and writes its length prefix.
 * Stateless apart from constants; one per builder; not thread safe by convention.
 */
final class StringParser
{
    /** Bytes the parser may write past a string's end in the string buffer (vector stores). */
    static final int PADDING = 64;

    private static final byte[] HEX = new byte[256];
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

    /**
     * Parses the string whose first content byte is at {@code from} (just after the opening quote).
     *
     * @param in input.
     * @param from absolute offset after the opening quote.
     * @param end absolute end of the input.
     * @param out string buffer.
     * @param at offset in out for the length prefix.
     * @return the offset in out just after the string's bytes, or a negative {@link JsonError}.
     */
    long parse(final MemorySegment in, final long from, final long end, final MemorySegment out, final long at)
    {
        long q = from;
        long d = at + TapeDescriptor.STRING_LENGTH_BYTES;
        while (true)
        {
            if (q >= end)
            {
                return JsonError.UNCLOSED_STRING;
            }
            final byte b = in.get(ValueLayout.JAVA_BYTE, q);
            if (b == '"')
            {
                break;
            }
            if (b == '\\')
            {
                final long r = unescape(in, q, end, out, d);
                if (r < 0)
                {
                    return r;
                }
                d = r & 0xFFFF_FFFF_FFFFL;
                q += r >>> 48;
                continue;
            }
            if ((b & 0xFF) < 0x20)
            {
                return JsonError.STRING_ERROR;
            }
            out.set(ValueLayout.JAVA_BYTE, d++, b);
            q++;
        }
        out.set(Tape.U32, at, (int)(d - at - TapeDescriptor.STRING_LENGTH_BYTES));
        return d;
    }

    /**
     * Decodes the escape at {@code q} (a backslash) into out at d. Returns (input bytes consumed) << 48 | new d, or a
     * negative {@link JsonError}.
     */
    static long unescape(final MemorySegment in, final long q, final long end, final MemorySegment out, final long d)
    {
        if (q + 1 >= end)
        {
            return JsonError.STRING_ERROR;
        }
        final int e = in.get(ValueLayout.JAVA_BYTE, q + 1) & 0xFF;
        if (e != 'u')
        {
            final byte r = SIMPLE_ESCAPE[e];
            if (r == 0)
            {
                return JsonError.STRING_ERROR;
            }
            out.set(ValueLayout.JAVA_BYTE, d, r);
            return (2L << 48) | (d + 1);
        }
        int cp = hex4(in, q + 2, end);
        if (cp < 0)
        {
            return JsonError.STRING_ERROR;
        }
        long consumed = 6;
        if (cp >= 0xD800 && cp <= 0xDFFF)
        {
            if (cp >= 0xDC00 || q + 12 > end || in.get(ValueLayout.JAVA_BYTE, q + 6) != '\\' ||
                in.get(ValueLayout.JAVA_BYTE, q + 7) != 'u')
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
        long o = d;
        if (cp < 0x80)
        {
            out.set(ValueLayout.JAVA_BYTE, o++, (byte)cp);
        }
        else if (cp < 0x800)
        {
            out.set(ValueLayout.JAVA_BYTE, o++, (byte)(0xC0 | (cp >>> 6)));
            out.set(ValueLayout.JAVA_BYTE, o++, (byte)(0x80 | (cp & 0x3F)));
        }
        else if (cp < 0x10000)
        {
            out.set(ValueLayout.JAVA_BYTE, o++, (byte)(0xE0 | (cp >>> 12)));
            out.set(ValueLayout.JAVA_BYTE, o++, (byte)(0x80 | ((cp >>> 6) & 0x3F)));
            out.set(ValueLayout.JAVA_BYTE, o++, (byte)(0x80 | (cp & 0x3F)));
        }
        else
        {
            out.set(ValueLayout.JAVA_BYTE, o++, (byte)(0xF0 | (cp >>> 18)));
            out.set(ValueLayout.JAVA_BYTE, o++, (byte)(0x80 | ((cp >>> 12) & 0x3F)));
            out.set(ValueLayout.JAVA_BYTE, o++, (byte)(0x80 | ((cp >>> 6) & 0x3F)));
            out.set(ValueLayout.JAVA_BYTE, o++, (byte)(0x80 | (cp & 0x3F)));
        }
        return (consumed << 48) | o;
    }

    private static int hex4(final MemorySegment in, final long at, final long end)
    {
        if (at + 4 > end)
        {
            return -1;
        }
        final int a = HEX[in.get(ValueLayout.JAVA_BYTE, at) & 0xFF];
        final int b = HEX[in.get(ValueLayout.JAVA_BYTE, at + 1) & 0xFF];
        final int c = HEX[in.get(ValueLayout.JAVA_BYTE, at + 2) & 0xFF];
        final int e = HEX[in.get(ValueLayout.JAVA_BYTE, at + 3) & 0xFF];
        return (a | b | c | e) < 0 ? -1 : (a << 12) | (b << 8) | (c << 4) | e;
    }
}
