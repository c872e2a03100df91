package io.temblor.json;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Number parser stand-in: strict grammar check, then Long/Double parsing. The real parser replaces this file at
 * merge; only the contract matters here. Reusable; not thread safe.
 */
final class NumberParser
{
    private final byte[] scratch = new byte[64];
    private byte type;
    private long bits;

    long parse(final MemorySegment input, final long pos, final long end)
    {
        long p = pos;
        boolean negative = false;
        if (p < end && input.get(ValueLayout.JAVA_BYTE, p) == '-')
        {
            negative = true;
            p++;
        }
        final long intStart = p;
        if (p >= end || !digit(input.get(ValueLayout.JAVA_BYTE, p)))
        {
            return JsonError.NUMBER_ERROR;
        }
        if (input.get(ValueLayout.JAVA_BYTE, p) == '0')
        {
            p++;
        }
        else
        {
            while (p < end && digit(input.get(ValueLayout.JAVA_BYTE, p)))
            {
                p++;
            }
        }
        final long intDigits = p - intStart;
        boolean isDouble = false;
        if (p < end && input.get(ValueLayout.JAVA_BYTE, p) == '.')
        {
            isDouble = true;
            p++;
            if (p >= end || !digit(input.get(ValueLayout.JAVA_BYTE, p)))
            {
                return JsonError.NUMBER_ERROR;
            }
            while (p < end && digit(input.get(ValueLayout.JAVA_BYTE, p)))
            {
                p++;
            }
        }
        if (p < end && (input.get(ValueLayout.JAVA_BYTE, p) | 0x20) == 'e')
        {
            isDouble = true;
            p++;
            if (p < end && (input.get(ValueLayout.JAVA_BYTE, p) == '+' || input.get(ValueLayout.JAVA_BYTE, p) == '-'))
            {
                p++;
            }
            if (p >= end || !digit(input.get(ValueLayout.JAVA_BYTE, p)))
            {
                return JsonError.NUMBER_ERROR;
            }
            while (p < end && digit(input.get(ValueLayout.JAVA_BYTE, p)))
            {
                p++;
            }
        }
        if (p < end)
        {
            final byte t = input.get(ValueLayout.JAVA_BYTE, p);
            if (t != ' ' && t != '\t' && t != '\n' && t != '\r' && t != ',' && t != ':' && t != ']' && t != '}' &&
                t != '[' && t != '{')
            {
                return JsonError.NUMBER_ERROR;
            }
        }
        if (!isDouble && intDigits <= 18)
        {
            long v = 0;
            for (long q = intStart; q < p; q++)
            {
                v = v * 10 + (input.get(ValueLayout.JAVA_BYTE, q) - '0');
            }
            type = TapeDescriptor.TAG_INT64;
            bits = negative ? -v : v;
            return p;
        }
        if (isDouble && fastDouble(input, pos, p, negative))
        {
            return p;
        }
        final String text = text(input, pos, p);
        if (!isDouble)
        {
            try
            {
                bits = Long.parseLong(text);
                type = TapeDescriptor.TAG_INT64;
                return p;
            }
            catch (final NumberFormatException ignore)
            {
                if (!negative)
                {
                    try
                    {
                        bits = Long.parseUnsignedLong(text);
                        type = TapeDescriptor.TAG_UINT64;
                        return p;
                    }
                    catch (final NumberFormatException ignore2)
                    {
                        // falls through to double
                    }
                }
            }
        }
        final double d = Double.parseDouble(text);
        if (Double.isInfinite(d))
        {
            return JsonError.NUMBER_ERROR;
        }
        type = TapeDescriptor.TAG_DOUBLE;
        bits = Double.doubleToRawLongBits(d);
        return p;
    }

    private static final double[] POWERS = {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
        1e20, 1e21, 1e22};

    /** Exact when the digits fit in 2^53 and the decimal exponent in 10^22 (both exact doubles, one rounding). */
    private boolean fastDouble(final MemorySegment input, final long from, final long to, final boolean negative)
    {
        long mantissa = 0;
        int digits = 0;
        int scale = 0;
        boolean fraction = false;
        long q = negative ? from + 1 : from;
        for (; q < to; q++)
        {
            final byte b = input.get(ValueLayout.JAVA_BYTE, q);
            if (b == '.')
            {
                fraction = true;
            }
            else if (digit(b))
            {
                if (++digits > 15)
                {
                    return false;
                }
                mantissa = mantissa * 10 + (b - '0');
                scale -= fraction ? 1 : 0;
            }
            else
            {
                break;
            }
        }
        if (q < to)
        {
            return false;
        }
        if (-scale >= POWERS.length)
        {
            return false;
        }
        final double d = (double)mantissa / POWERS[-scale];
        type = TapeDescriptor.TAG_DOUBLE;
        bits = Double.doubleToRawLongBits(negative ? -d : d);
        return true;
    }

    private String text(final MemorySegment input, final long from, final long to)
    {
        final int n = (int)(to - from);
        final byte[] b = n <= scratch.length ? scratch : new byte[n];
        MemorySegment.copy(input, ValueLayout.JAVA_BYTE, from, b, 0, n);
        return new String(b, 0, n, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    private static boolean digit(final byte b)
    {
        return b >= '0' && b <= '9';
    }

    byte type()
    {
        return type;
    }

    long bits()
    {
        return bits;
    }
}
