package io.temblor.json;

/**
 * A fixed-capacity unsigned big integer in 64-bit little-endian limbs for the exact (slow) path of
 * {@link NumberParser}: multiply by a word, add a word, multiply by a power of five, shift, compare. Preallocated and
 * reused, it never allocates after construction. Not thread safe: owned by one parser.
 */
final class MutableBigInt
{
    /** Capacity in bits; the parser's comparisons stay below 2,800 bits. */
    static final int CAPACITY_BITS = 4096;

    private static final int MAX_POW5_IN_WORD = 27;
    private static final long[] SMALL_POW5 = new long[MAX_POW5_IN_WORD + 1];

    static
    {
        SMALL_POW5[0] = 1;
        for (int i = 1; i <= MAX_POW5_IN_WORD; i++)
        {
            SMALL_POW5[i] = SMALL_POW5[i - 1] * 5;
        }
    }

    private final long[] limbs = new long[CAPACITY_BITS / 64];
    private int length;

    /**
     * Sets the value to a word.
     *
     * @param value the unsigned value.
     * @return this.
     */
    MutableBigInt set(final long value)
    {
        limbs[0] = value;
        length = value == 0 ? 0 : 1;
        return this;
    }

    /**
     * Multiplies by an unsigned word.
     *
     * @param factor the unsigned factor.
     */
    void multiply(final long factor)
    {
        final long[] l = limbs;
        long carry = 0;
        for (int i = 0; i < length; i++)
        {
            final long a = l[i];
            long lo = a * factor;
            long hi = Math.unsignedMultiplyHigh(a, factor);
            lo += carry;
            if (Long.compareUnsigned(lo, carry) < 0)
            {
                hi++;
            }
            l[i] = lo;
            carry = hi;
        }
        if (carry != 0)
        {
            push(carry);
        }
    }

    /**
     * Adds an unsigned word.
     *
     * @param addend the unsigned addend.
     */
    void add(final long addend)
    {
        final long[] l = limbs;
        long carry = addend;
        for (int i = 0; i < length && carry != 0; i++)
        {
            final long sum = l[i] + carry;
            carry = Long.compareUnsigned(sum, carry) < 0 ? 1 : 0;
            l[i] = sum;
        }
        if (carry != 0)
        {
            push(carry);
        }
    }

    /**
     * Multiplies by 5^n.
     *
     * @param n a non-negative exponent.
     */
    void multiplyPow5(final int n)
    {
        int rest = n;
        while (rest >= MAX_POW5_IN_WORD)
        {
            multiply(SMALL_POW5[MAX_POW5_IN_WORD]);
            rest -= MAX_POW5_IN_WORD;
        }
        if (rest > 0)
        {
            multiply(SMALL_POW5[rest]);
        }
    }

    /**
     * Sets this to {@code source << bits}.
     *
     * @param source the value to shift (not this).
     * @param bits non-negative shift.
     */
    void setShifted(final MutableBigInt source, final int bits)
    {
        final int words = bits >>> 6;
        final int shift = bits & 63;
        final int srcLength = source.length;
        if (srcLength == 0)
        {
            length = 0;
            return;
        }
        final int newLength = srcLength + words + 1;
        if (newLength > limbs.length)
        {
            throw new IllegalStateException("big integer capacity exceeded");
        }
        final long[] src = source.limbs;
        final long[] dst = limbs;
        for (int i = 0; i < words; i++)
        {
            dst[i] = 0;
        }
        if (shift == 0)
        {
            System.arraycopy(src, 0, dst, words, srcLength);
            length = srcLength + words;
        }
        else
        {
            long carry = 0;
            for (int i = 0; i < srcLength; i++)
            {
                final long v = src[i];
                dst[i + words] = (v << shift) | carry;
                carry = v >>> (64 - shift);
            }
            dst[srcLength + words] = carry;
            length = carry != 0 ? newLength : newLength - 1;
        }
    }

    /**
     * Compares two values.
     *
     * @param other the other value.
     * @return negative, zero or positive as this is less than, equal to or greater than other.
     */
    int compareTo(final MutableBigInt other)
    {
        if (length != other.length)
        {
            return length < other.length ? -1 : 1;
        }
        for (int i = length - 1; i >= 0; i--)
        {
            final int c = Long.compareUnsigned(limbs[i], other.limbs[i]);
            if (c != 0)
            {
                return c;
            }
        }
        return 0;
    }

    private void push(final long word)
    {
        if (length == limbs.length)
        {
            throw new IllegalStateException("big integer capacity exceeded");
        }
        limbs[length++] = word;
    }
}
