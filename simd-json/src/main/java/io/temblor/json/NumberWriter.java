package io.temblor.json;

import java.math.BigInteger;

/**
 * Writes numbers as JSON text: longs, unsigned longs, and doubles as the shortest decimal that reads back to the same
 * double, found with Giulietti's Schubfach algorithm ("The Schubfach way to render doubles", 2020) over a table of
 * 126-bit powers of ten computed exactly at class initialisation. Doubles always carry a '.' or an exponent so they
 * read back as floats: plain notation for 1e-5 &lt;= |v| &lt; 1e16, scientific otherwise ({@code 1e16}, {@code 1.5e-7}), the
 * choice Rust's ryu makes, so events leave Temblor with the same text as they leave Tremor.
 *
 * <p>Stateless and allocation free; any thread may call it.
 */
public final class NumberWriter
{
    /** Most bytes {@link #writeDouble(double, byte[], int)} writes. */
    public static final int MAX_DOUBLE_LENGTH = 32;
    /** Most bytes {@link #writeLong(long, byte[], int)} and {@link #writeUnsignedLong(long, byte[], int)} write. */
    public static final int MAX_LONG_LENGTH = 20;

    /** Smallest decimal exponent of the power of ten table. */
    static final int MIN_POW10 = -292;
    /** Largest decimal exponent of the power of ten table. */
    static final int MAX_POW10 = 324;

    private static final int PLAIN_MIN_EXPONENT = -5;
    private static final int PLAIN_MAX_EXPONENT = 15;
    private static final long MASK_63 = Long.MAX_VALUE;
    private static final long MANTISSA_MASK = (1L << 52) - 1;
    private static final long HIDDEN_BIT = 1L << 52;
    private static final long[] POW10_G = new long[2 * (MAX_POW10 - MIN_POW10 + 1)];
    private static final long[] LONG_POW10 = new long[19];
    private static final byte[] DIGIT_PAIRS = new byte[200];

    static
    {
        for (int e = MIN_POW10; e <= MAX_POW10; e++)
        {
            // g = floor(10^e * 2^-r) + 1 in [2^125, 2^126), r = floor(e * log2(10)) - 125, split in two 63-bit halves
            final BigInteger p = BigInteger.TEN.pow(Math.abs(e));
            final BigInteger scaled;
            if (e >= 0)
            {
                final int r = p.bitLength() - 126;
                scaled = r >= 0 ? p.shiftRight(r) : p.shiftLeft(-r);
            }
            else
            {
                scaled = BigInteger.ONE.shiftLeft(125 + p.bitLength()).divide(p);
            }
            final BigInteger g = scaled.add(BigInteger.ONE);
            if (g.bitLength() != 126)
            {
                throw new IllegalStateException("power of ten table broken at " + e);
            }
            POW10_G[2 * (e - MIN_POW10)] = g.shiftRight(63).longValue();
            POW10_G[2 * (e - MIN_POW10) + 1] = g.longValue() & MASK_63;
        }
        long p = 1;
        for (int i = 0; i < LONG_POW10.length; i++)
        {
            LONG_POW10[i] = p;
            p *= 10;
        }
        for (int i = 0; i < 100; i++)
        {
            DIGIT_PAIRS[2 * i] = (byte)('0' + i / 10);
            DIGIT_PAIRS[2 * i + 1] = (byte)('0' + i % 10);
        }
    }

    private NumberWriter()
    {
    }

    /**
     * Writes v in decimal ASCII.
     *
     * @param v the value.
     * @param dst the destination, with room for {@link #MAX_LONG_LENGTH} bytes at off.
     * @param off where to write.
     * @return bytes written (at most 20).
     */
    public static int writeLong(final long v, final byte[] dst, final int off)
    {
        if (v >= 0)
        {
            return writePositive(v, dst, off);
        }
        dst[off] = '-';
        // -Long.MIN_VALUE is 2^63 read as unsigned
        return 1 + writeUnsignedLong(-v, dst, off + 1);
    }

    /**
     * Writes v, read as unsigned, in decimal ASCII.
     *
     * @param v the value (unsigned).
     * @param dst the destination, with room for {@link #MAX_LONG_LENGTH} bytes at off.
     * @param off where to write.
     * @return bytes written (at most 20).
     */
    public static int writeUnsignedLong(final long v, final byte[] dst, final int off)
    {
        if (v >= 0)
        {
            return writePositive(v, dst, off);
        }
        final long q = Long.divideUnsigned(v, 10);
        final int n = writePositive(q, dst, off);
        dst[off + n] = (byte)('0' + (v - q * 10));
        return n + 1;
    }

    /**
     * Writes the shortest decimal that parses back to exactly v, as a JSON number with a '.' or an exponent, e.g.
     * {@code 1.0}, {@code -0.0}, {@code 123.456}, {@code 1.5e-7}, {@code 1e16}, {@code 5e-324}.
     *
     * @param v a finite double.
     * @param dst the destination, with room for {@link #MAX_DOUBLE_LENGTH} bytes at off.
     * @param off where to write.
     * @return bytes written (at most 32, in practice 25).
     * @throws IllegalArgumentException if v is NaN or infinite.
     */
    public static int writeDouble(final double v, final byte[] dst, final int off)
    {
        final long bits = Double.doubleToRawLongBits(v);
        int pos = off;
        if (bits < 0)
        {
            dst[pos++] = '-';
        }
        final int biasedExponent = (int)(bits >>> 52) & 0x7FF;
        final long t = bits & MANTISSA_MASK;
        if (biasedExponent == 0x7FF)
        {
            throw new IllegalArgumentException("not a finite double: " + v);
        }
        if (biasedExponent == 0)
        {
            if (t == 0)
            {
                dst[pos] = '0';
                dst[pos + 1] = '.';
                dst[pos + 2] = '0';
                return pos + 3 - off;
            }
            return pos - off + shortest(t, -1074, dst, pos);
        }
        final long c = t | HIDDEN_BIT;
        final int q = biasedExponent - 1075;
        if (q <= 0 && q > -53 && (c & ((1L << -q) - 1)) == 0)
        {
            // an integer below 2^53 (ulp <= 1): its own digits, minus trailing zeros, are the shortest
            return pos - off + format(c >> -q, 0, dst, pos);
        }
        return pos - off + shortest(c, q, dst, pos);
    }

    /**
     * Schubfach: the shortest decimal in the rounding interval of c * 2^q, the closest one among equally short ones.
     */
    private static int shortest(final long c, final int q, final byte[] dst, final int pos)
    {
        final long out = c & 1;
        final long cb = c << 2;
        final long cbr = cb + 2;
        final long cbl;
        final int k;
        if (c != HIDDEN_BIT || q == -1074)
        {
            cbl = cb - 2;
            k = floorLog10Pow2(q);
        }
        else
        {
            // the double below c * 2^q is closer: the interval is asymmetric
            cbl = cb - 1;
            k = floorLog10ThreeQuartersPow2(q);
        }
        final int h = q + floorLog2Pow10(-k) + 2;
        final int index = 2 * (-k - MIN_POW10);
        final long g1 = POW10_G[index];
        final long g0 = POW10_G[index + 1];
        final long vb = roundToOdd(g1, g0, cb << h);
        final long vbl = roundToOdd(g1, g0, cbl << h);
        final long vbr = roundToOdd(g1, g0, cbr << h);

        // vb, vbl, vbr are 4 * (v, lower bound, upper bound) * 10^-k, rounded to odd
        final long s = vb >> 2;
        final long sp10 = (s / 10) * 10;
        final boolean shorterLowIn = vbl + out <= sp10 << 2;
        final boolean shorterHighIn = ((sp10 + 10) << 2) + out <= vbr;
        if (shorterLowIn != shorterHighIn)
        {
            return format(shorterLowIn ? sp10 : sp10 + 10, k, dst, pos);
        }
        final long u = s + 1;
        final boolean lowIn = vbl + out <= s << 2;
        final boolean highIn = (u << 2) + out <= vbr;
        if (lowIn != highIn)
        {
            return format(lowIn ? s : u, k, dst, pos);
        }
        final long cmp = vb - ((s + u) << 1);
        return format(cmp < 0 || (cmp == 0 && (s & 1) == 0) ? s : u, k, dst, pos);
    }

    /**
     * (g * cp) >> 127 with g = g1 * 2^63 + g0, its lowest bit set when any discarded bit of the middle word is set.
     */
    private static long roundToOdd(final long g1, final long g0, final long cp)
    {
        final long x1 = Math.multiplyHigh(g0, cp);
        final long y0 = g1 * cp;
        final long y1 = Math.multiplyHigh(g1, cp);
        final long z = (y0 >>> 1) + x1;
        final long vbp = y1 + (z >>> 63);
        return vbp | (((z & MASK_63) + MASK_63) >>> 63);
    }

    /**
     * Writes f * 10^k (f > 0) after removing f's trailing zeros.
     */
    private static int format(final long significand, final int exponent, final byte[] dst, final int pos)
    {
        long f = significand;
        int k = exponent;
        while (f % 10 == 0)
        {
            f /= 10;
            k++;
        }
        final int n = digitCount(f);
        final int e = k + n - 1;
        int p = pos;
        if (e >= PLAIN_MIN_EXPONENT && e <= PLAIN_MAX_EXPONENT)
        {
            if (k >= 0)
            {
                writeDigits(f, n, dst, p);
                p += n;
                for (int i = 0; i < k; i++)
                {
                    dst[p++] = '0';
                }
                dst[p++] = '.';
                dst[p++] = '0';
            }
            else if (e >= 0)
            {
                // digits with the point after e + 1 of them: write them one place right, then move the head back
                writeDigits(f, n, dst, p + 1);
                for (int i = 0; i <= e; i++)
                {
                    dst[p + i] = dst[p + i + 1];
                }
                dst[p + e + 1] = '.';
                p += n + 1;
            }
            else
            {
                dst[p++] = '0';
                dst[p++] = '.';
                for (int i = -1; i > e; i--)
                {
                    dst[p++] = '0';
                }
                writeDigits(f, n, dst, p);
                p += n;
            }
            return p - pos;
        }
        writeDigits(f, n, dst, p + 1);
        dst[p] = dst[p + 1];
        if (n > 1)
        {
            dst[p + 1] = '.';
            p += n + 1;
        }
        else
        {
            p++;
        }
        dst[p++] = 'e';
        int absE = e;
        if (e < 0)
        {
            dst[p++] = '-';
            absE = -e;
        }
        if (absE >= 100)
        {
            dst[p++] = (byte)('0' + absE / 100);
            absE %= 100;
            dst[p++] = DIGIT_PAIRS[2 * absE];
            dst[p++] = DIGIT_PAIRS[2 * absE + 1];
        }
        else if (absE >= 10)
        {
            dst[p++] = DIGIT_PAIRS[2 * absE];
            dst[p++] = DIGIT_PAIRS[2 * absE + 1];
        }
        else
        {
            dst[p++] = (byte)('0' + absE);
        }
        return p - pos;
    }

    private static int writePositive(final long v, final byte[] dst, final int off)
    {
        final int n = digitCount(v);
        writeDigits(v, n, dst, off);
        return n;
    }

    /** Writes the n decimal digits of v >= 0 at dst[off, off + n). */
    private static void writeDigits(final long v, final int n, final byte[] dst, final int off)
    {
        long rest = v;
        int p = off + n;
        while (rest >= 100)
        {
            final long q = rest / 100;
            final int pair = (int)(rest - q * 100);
            rest = q;
            dst[--p] = DIGIT_PAIRS[2 * pair + 1];
            dst[--p] = DIGIT_PAIRS[2 * pair];
        }
        if (rest >= 10)
        {
            dst[--p] = DIGIT_PAIRS[2 * (int)rest + 1];
            dst[--p] = DIGIT_PAIRS[2 * (int)rest];
        }
        else
        {
            dst[--p] = (byte)('0' + rest);
        }
    }

    /** Number of decimal digits of v >= 0 (1 for 0). */
    static int digitCount(final long v)
    {
        int n = 1;
        while (n < LONG_POW10.length && v >= LONG_POW10[n])
        {
            n++;
        }
        return n;
    }

    /** floor(q * log10(2)) for |q| &lt;= 2000, by a 41-bit fixed-point multiply (checked exhaustively in the test). */
    static int floorLog10Pow2(final int q)
    {
        return (int)((q * 661_971_961_083L) >> 41);
    }

    /** floor(log10(3/4 * 2^q)) for |q| &lt;= 2000 (checked exhaustively in the test). */
    static int floorLog10ThreeQuartersPow2(final int q)
    {
        return (int)((q * 661_971_961_083L - 274_743_187_321L) >> 41);
    }

    /** floor(e * log2(10)) for |e| &lt;= 400, by a 38-bit fixed-point multiply (checked exhaustively in the test). */
    static int floorLog2Pow10(final int e)
    {
        return (int)((e * 913_124_641_741L) >> 38);
    }
}
