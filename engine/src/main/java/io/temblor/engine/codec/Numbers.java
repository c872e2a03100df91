package io.temblor.engine.codec;

import java.nio.charset.StandardCharsets;

/** Number parsing from bytes without allocating on the common path. */
final class Numbers
{
    /** Exact powers of ten as doubles (Clinger's fast path). */
    private static final double[] POW10 = {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
        1e20, 1e21, 1e22,
    };

    private Numbers()
    {
    }

    /**
     * Parses unsigned decimal digits (at least one, nothing else) as a u64.
     *
     * @return the value's bits; {@code ok[0]} says whether the text was a u64.
     */
    static long parseU64(final byte[] b, final int from, final int to, final boolean[] ok)
    {
        ok[0] = false;
        if (from >= to || to - from > 20)
        {
            return 0;
        }
        long v = 0;
        for (int i = from; i < to; i++)
        {
            final int d = b[i] - '0';
            if (d < 0 || d > 9)
            {
                return 0;
            }
            // u64 max is 18446744073709551615
            if (Long.compareUnsigned(v, 1844674407370955161L) > 0 || v == 1844674407370955161L && d > 5)
            {
                return 0;
            }
            v = v * 10 + d;
        }
        ok[0] = true;
        return v;
    }

    /**
     * Parses a decimal float ({@code [+-]digits[.digits][e[+-]digits]}, or a leading or trailing dot).
     *
     * @return the value; {@code ok[0]} says whether the text was a number.
     */
    static double parseDouble(final byte[] b, final int from, final int to, final boolean[] ok)
    {
        ok[0] = false;
        int i = from;
        boolean negative = false;
        if (i < to && (b[i] == '-' || b[i] == '+'))
        {
            negative = b[i] == '-';
            i++;
        }
        long mantissa = 0;
        int digits = 0;
        int exp10 = 0;
        int seen = 0;
        while (i < to && b[i] >= '0' && b[i] <= '9')
        {
            if (digits < 18)
            {
                mantissa = mantissa * 10 + (b[i] - '0');
                if (mantissa != 0)
                {
                    digits++;
                }
            }
            else
            {
                exp10++;
            }
            seen++;
            i++;
        }
        if (i < to && b[i] == '.')
        {
            i++;
            while (i < to && b[i] >= '0' && b[i] <= '9')
            {
                if (digits < 18)
                {
                    mantissa = mantissa * 10 + (b[i] - '0');
                    if (mantissa != 0)
                    {
                        digits++;
                    }
                    exp10--;
                }
                seen++;
                i++;
            }
        }
        if (seen == 0)
        {
            return 0;
        }
        if (i < to && (b[i] == 'e' || b[i] == 'E'))
        {
            i++;
            boolean expNegative = false;
            if (i < to && (b[i] == '-' || b[i] == '+'))
            {
                expNegative = b[i] == '-';
                i++;
            }
            if (i >= to)
            {
                return 0;
            }
            int e = 0;
            while (i < to && b[i] >= '0' && b[i] <= '9')
            {
                e = Math.min(e * 10 + (b[i] - '0'), 100_000);
                i++;
            }
            exp10 += expNegative ? -e : e;
        }
        if (i != to)
        {
            return 0;
        }
        ok[0] = true;
        double v;
        if (mantissa == 0)
        {
            v = 0.0;
        }
        else if (digits < 18 && mantissa < (1L << 53) && exp10 >= -22 && exp10 <= 22)
        {
            v = exp10 < 0 ? mantissa / POW10[-exp10] : mantissa * POW10[exp10];
        }
        else
        {
            // rare: correctly rounded by the JDK (allocates a String)
            final String text = new String(b, from, to - from, StandardCharsets.US_ASCII);
            return Double.parseDouble(text.endsWith(".") ? text + "0" : text);
        }
        return negative ? -v : v;
    }
}
