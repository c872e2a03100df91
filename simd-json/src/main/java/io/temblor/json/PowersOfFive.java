package io.temblor.json;

import java.math.BigInteger;

/**
 * 128-bit truncated significands of the powers of five 5^q for q in [{@link #MIN_EXPONENT}, {@link #MAX_EXPONENT}],
 * computed exactly with {@link BigInteger} once at class initialisation, for the Eisel-Lemire step of
 * {@link NumberParser}. Immutable after initialisation, so any thread may read it.
 *
 * <p>For every q: {@code 5^q = (T + d) * 2^(binaryExponent(q))} with {@code T = hi * 2^64 + lo} (unsigned) in
 * [2^127, 2^128) and {@code 0 <= d < 1}; d is zero when 5^q fits in 128 bits.
 */
final class PowersOfFive
{
    /** Smallest tabulated exponent: below it every 19-digit decimal rounds to zero. */
    static final int MIN_EXPONENT = -342;
    /** Largest tabulated exponent: above it every non-zero decimal overflows to infinity. */
    static final int MAX_EXPONENT = 308;

    private static final int SIZE = MAX_EXPONENT - MIN_EXPONENT + 1;
    private static final long[] SIGNIFICANDS = new long[2 * SIZE];

    static
    {
        final BigInteger five = BigInteger.valueOf(5);
        final BigInteger mask64 = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
        for (int q = MIN_EXPONENT; q <= MAX_EXPONENT; q++)
        {
            final BigInteger t;
            final int binaryExponent;
            if (q >= 0)
            {
                final BigInteger p = five.pow(q);
                final int shift = p.bitLength() - 128;
                t = shift >= 0 ? p.shiftRight(shift) : p.shiftLeft(-shift);
                binaryExponent = shift;
            }
            else
            {
                // 2^b / 5^-q lies in [2^127, 2^128) exactly when b = 127 + bitLength(5^-q) (5^-q is no power of two).
                final BigInteger p = five.pow(-q);
                final int b = 127 + p.bitLength();
                t = BigInteger.ONE.shiftLeft(b).divide(p);
                binaryExponent = -b;
            }
            if (t.bitLength() != 128)
            {
                throw new IllegalStateException("power of five table broken at " + q);
            }
            final int i = q - MIN_EXPONENT;
            SIGNIFICANDS[2 * i] = t.shiftRight(64).longValue();
            SIGNIFICANDS[2 * i + 1] = t.and(mask64).longValue();
            if (binaryExponent(q) != binaryExponent)
            {
                throw new IllegalStateException("binary exponent formula broken at " + q);
            }
        }
    }

    private PowersOfFive()
    {
    }

    /**
     * High 64 bits of the significand of 5^q.
     *
     * @param q the exponent, in range.
     * @return the high word (unsigned, top bit set).
     */
    static long high(final int q)
    {
        return SIGNIFICANDS[2 * (q - MIN_EXPONENT)];
    }

    /**
     * Low 64 bits of the significand of 5^q.
     *
     * @param q the exponent, in range.
     * @return the low word (unsigned).
     */
    static long low(final int q)
    {
        return SIGNIFICANDS[2 * (q - MIN_EXPONENT) + 1];
    }

    /**
     * The power of two the 128-bit significand of 5^q is scaled by.
     *
     * @param q the exponent, in range.
     * @return the binary exponent.
     */
    static int binaryExponent(final int q)
    {
        // floor(q * log2(5)) - 127, with log2(5) as 152170 / 2^16 (exact over the table's range: checked when the
        // table is built)
        return ((152170 * q) >> 16) - 127;
    }
}
