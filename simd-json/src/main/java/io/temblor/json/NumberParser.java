package io.temblor.json;

import io.temblor.offheap.Memory;

import java.lang.foreign.MemorySegment;

/**
 * Parses one JSON number (RFC 8259 grammar) into an int64, a uint64 or a correctly rounded double. Doubles go through
 * three steps: Clinger's exact fast path (a mantissa of at most 53 bits times a power of ten of at most 22), then the
 * Eisel-Lemire algorithm (a 64x128-bit product with a truncated power of five, see Lemire, "Number Parsing at a
 * Gigabyte per Second", 2021), and, when that product cannot decide the rounding, an exact comparison of the decimal
 * with the halfway point between two candidate doubles in preallocated big integers.
 *
 * <p>Reusable and allocation free; not thread safe: one instance per parsing thread.
 */
final class NumberParser
{
    /** Significant digits kept for the exact comparison; the rest only count as a sticky non-zero bit. */
    static final int MAX_DIGITS = 800;

    private static final long ASCII_ZEROS = 0x3030_3030_3030_3030L;
    private static final long HIGH_NIBBLES = 0xF0F0_F0F0_F0F0_F0F0L;
    private static final long SIXES = 0x0606_0606_0606_0606L;
    private static final long POSITIVE_INFINITY_BITS = 0x7FF0_0000_0000_0000L;
    private static final long SIGN_BIT = Long.MIN_VALUE;
    private static final long MANTISSA_MASK = (1L << 52) - 1;
    private static final int MAX_FAST_MANTISSA_DIGITS = 19;
    private static final long MAX_EXPONENT_DIGITS_VALUE = 100_000_000_000_000_000L;
    private static final int DIGITS_PER_CHUNK = 18;
    private static final double[] EXACT_POWERS_OF_TEN = new double[23];
    private static final long[] LONG_POWERS_OF_TEN = new long[DIGITS_PER_CHUNK + 1];
    private static final boolean[] TERMINATOR = new boolean[256];

    static
    {
        double p = 1.0;
        for (int i = 0; i < EXACT_POWERS_OF_TEN.length; i++)
        {
            EXACT_POWERS_OF_TEN[i] = p;
            p *= 10.0;
        }
        long lp = 1;
        for (int i = 0; i < LONG_POWERS_OF_TEN.length; i++)
        {
            LONG_POWERS_OF_TEN[i] = lp;
            lp *= 10;
        }
        for (final char c : new char[]{' ', '\t', '\n', '\r', ',', ']', '}', ':'})
        {
            TERMINATOR[c] = true;
        }
    }

    private final byte[] digits = new byte[MAX_DIGITS];
    private final MutableBigInt decimal = new MutableBigInt();
    private final MutableBigInt powerOfFive = new MutableBigInt();
    private final MutableBigInt left = new MutableBigInt();
    private final MutableBigInt right = new MutableBigInt();
    private final MutableBigInt halfway = new MutableBigInt();

    private byte type;
    private long bits;
    private boolean ambiguous;

    // state of the exact path: the decimal is decimal * 10^decimalExponent (+ sticky)
    private int decimalExponent;
    private boolean sticky;

    /**
     * Parses the JSON number starting at {@code input[pos]}. Owner thread only.
     *
     * @param input the bytes.
     * @param pos index of the number's first byte ('-' or a digit).
     * @param end index just past the last readable byte.
     * @return the index just past the number, or {@link JsonError#NUMBER_ERROR} on bad syntax, a number not
     *     followed by end, whitespace or one of {@code ,]}:}, or an infinite double; {@link #type()} and
     *     {@link #bits()} hold the value on success.
     */
    long parse(final MemorySegment input, final long pos, final long end)
    {
        return parse(Memory.base(input), Memory.address(input), pos, end);
    }

    /**
     * As {@link #parse(MemorySegment, long, long)} over memory addressed as (base, address) (see {@link Memory}):
     * offsets {@code pos} and {@code end} are relative to {@code address}. The hot path's entry.
     *
     * @param base the input's base object (its byte[]) or null for native memory.
     * @param address address of offset 0.
     * @param pos offset of the number's first byte.
     * @param end offset of the input's end.
     * @return the offset just past the number, or {@link JsonError#NUMBER_ERROR}.
     */
    long parse(final Object base, final long address, final long pos, final long end)
    {
        long p = pos;
        boolean negative = false;
        if (p < end && Memory.getByte(base, address + p) == '-')
        {
            negative = true;
            p++;
        }
        if (p >= end)
        {
            return JsonError.NUMBER_ERROR;
        }
        final long digitsStart = p;
        long w = 0;
        int d = Memory.getByte(base, address + p) - '0';
        if (d == 0)
        {
            p++;
        }
        else if (d > 0 && d <= 9)
        {
            while (p + 8 <= end)
            {
                final long eight = Memory.getLong(base, address + p);
                if (!allDigits(eight))
                {
                    break;
                }
                w = w * 100_000_000L + eightDigits(eight);
                p += 8;
            }
            while (p < end && (d = Memory.getByte(base, address + p) - '0') >= 0 && d <= 9)
            {
                w = w * 10 + d;
                p++;
            }
        }
        else
        {
            return JsonError.NUMBER_ERROR;
        }
        return afterInteger(base, address, negative, digitsStart, p, w, end);
    }

    /**
     * Parses the rest of a number whose sign and integer digits were read by the caller: the fraction, the exponent,
     * the check of the byte after it, and the conversion. The tape builder reads integers itself and hands over here
     * when a '.' or an exponent follows, so those digits are not read twice.
     *
     * @param base the input's base object (its byte[]) or null for native memory.
     * @param address address of offset 0.
     * @param negative whether a '-' came first.
     * @param digitsStart offset of the first integer digit.
     * @param intEnd offset just past the integer digits (which are valid: one '0', or a non-zero digit first).
     * @param intValue the integer digits' value, modulo 2^64 when there are more than 19.
     * @param end offset of the input's end.
     * @return the offset just past the number, or {@link JsonError#NUMBER_ERROR}.
     */
    long afterInteger(final Object base, final long address, final boolean negative, final long digitsStart,
        final long intEnd, final long intValue, final long end)
    {
        long p = intEnd;
        long w = intValue;
        int d;
        long fracStart = p;
        long fracEnd = p;
        boolean isDouble = false;
        if (p < end && Memory.getByte(base, address + p) == '.')
        {
            p++;
            fracStart = p;
            if (p + 16 <= end)
            {
                // straight-line steps of eight bytes: a loop here costs C2's loop setup on every number
                long eight = Memory.getLong(base, address + p);
                int n = digitRun(eight);
                if (n == 8)
                {
                    w = w * 100_000_000L + eightDigits(eight);
                    eight = Memory.getLong(base, address + p + 8);
                    n = digitRun(eight);
                    p += 8;
                    if (n == 8)
                    {
                        // more than 16 digits (rare): the rest one at a time
                        w = w * 100_000_000L + eightDigits(eight);
                        p += 8;
                        while (p < end && (d = Memory.getByte(base, address + p) - '0') >= 0 && d <= 9)
                        {
                            w = w * 10 + d;
                            p++;
                        }
                        n = 0;
                    }
                }
                w = appendDigits(w, eight, n);
                p += n;
            }
            else
            {
                while (p < end && (d = Memory.getByte(base, address + p) - '0') >= 0 && d <= 9)
                {
                    w = w * 10 + d;
                    p++;
                }
            }
            fracEnd = p;
            if (fracEnd == fracStart)
            {
                return JsonError.NUMBER_ERROR;
            }
            isDouble = true;
        }
        long exponent = 0;
        if (p < end && (Memory.getByte(base, address + p) | 0x20) == 'e')
        {
            p++;
            boolean negativeExponent = false;
            if (p < end)
            {
                final byte sign = Memory.getByte(base, address + p);
                if (sign == '-' || sign == '+')
                {
                    negativeExponent = sign == '-';
                    p++;
                }
            }
            final long expStart = p;
            while (p < end && (d = Memory.getByte(base, address + p) - '0') >= 0 && d <= 9)
            {
                if (exponent < MAX_EXPONENT_DIGITS_VALUE)
                {
                    exponent = exponent * 10 + d;
                }
                p++;
            }
            if (p == expStart)
            {
                return JsonError.NUMBER_ERROR;
            }
            if (negativeExponent)
            {
                exponent = -exponent;
            }
            isDouble = true;
        }
        if (p < end && !TERMINATOR[Memory.getByte(base, address + p) & 0xFF])
        {
            return JsonError.NUMBER_ERROR;
        }

        if (!isDouble)
        {
            final long intDigits = intEnd - digitsStart;
            if (intDigits <= MAX_FAST_MANTISSA_DIGITS || (intDigits == 20 && (w = twentyDigits(base, address, digitsStart)) != 0))
            {
                // w is exact and unsigned
                if (!negative)
                {
                    type = w < 0 ? TapeDescriptor.TAG_UINT64 : TapeDescriptor.TAG_INT64;
                    bits = w;
                    return p;
                }
                if (Long.compareUnsigned(w, SIGN_BIT) <= 0)
                {
                    type = TapeDescriptor.TAG_INT64;
                    bits = -w;
                    return p;
                }
            }
        }
        final long result = toDouble(base, address, digitsStart, intEnd, fracStart, fracEnd, exponent, w);
        if (result == POSITIVE_INFINITY_BITS)
        {
            return JsonError.NUMBER_ERROR;
        }
        type = TapeDescriptor.TAG_DOUBLE;
        bits = negative ? result | SIGN_BIT : result;
        return p;
    }

    /**
     * Type of the last parsed number.
     *
     * @return {@link TapeDescriptor#TAG_INT64}, {@link TapeDescriptor#TAG_UINT64} or {@link TapeDescriptor#TAG_DOUBLE}.
     */
    byte type()
    {
        return type;
    }

    /**
     * Value of the last parsed number: the long, the unsigned long, or the raw bits of the double.
     *
     * @return the value bits.
     */
    long bits()
    {
        return bits;
    }

    /**
     * How many of the 8 bytes (loaded little-endian, first byte lowest) are ASCII digits before the first other byte,
     * 0 to 8. A byte is a digit when its high nibble is 3 and adding 6 to it leaves the high nibble 3; the addition
     * carries out of a byte only when the byte is 0xFA or more, which is no digit, so only bytes after the first
     * non-digit are disturbed.
     *
     * @param eight the bytes.
     * @return the length of the leading run of digits.
     */
    static int digitRun(final long eight)
    {
        final long nonDigit = ((eight & HIGH_NIBBLES) ^ ASCII_ZEROS) | (((eight + SIXES) & HIGH_NIBBLES) ^ ASCII_ZEROS);
        return Long.numberOfTrailingZeros(nonDigit) >>> 3;
    }

    /**
     * Appends the first n (0 to 8) bytes, which are ASCII digits, to a decimal accumulator: they are shifted to the
     * top of the word and the bytes below them filled with '0', so the 8-digit conversion reads leading zeros before
     * them. No branch.
     *
     * @param acc the value of the digits before them (modulo 2^64).
     * @param eight the bytes, loaded little-endian.
     * @param n how many leading bytes are digits.
     * @return {@code acc * 10^n} plus their value (modulo 2^64).
     */
    static long appendDigits(final long acc, final long eight, final int n)
    {
        // two shifts, so that n = 0 shifts everything out (a single shift by 64 would shift by 0)
        return acc * LONG_POWERS_OF_TEN[n] + eightDigits(((eight << (56 - 8 * n)) << 8) | (ASCII_ZEROS >>> (8 * n)));
    }

    /** True when all 8 bytes are ASCII digits: high nibble 3, and adding 6 to the low nibble does not carry. */
    private static boolean allDigits(final long eight)
    {
        return (eight & HIGH_NIBBLES) == ASCII_ZEROS && ((eight + 0x0606_0606_0606_0606L) & HIGH_NIBBLES) == ASCII_ZEROS;
    }

    /**
     * The value of 8 ASCII digits loaded little-endian (first digit in the low byte), by SWAR: combine neighbouring
     * bytes into 2-digit values, then neighbouring 16-bit lanes into 4-digit values, then the two halves.
     */
    private static long eightDigits(final long eight)
    {
        long v = eight - ASCII_ZEROS;
        v = (v * 10 + (v >>> 8)) & 0x00FF_00FF_00FF_00FFL;
        v = (v * 100 + (v >>> 16)) & 0x0000_FFFF_0000_FFFFL;
        return (v * 10_000 + (v >>> 32)) & 0xFFFF_FFFFL;
    }

    /**
     * The value of a 20-digit integer if it fits in 64 unsigned bits, else 0 (which no 20-digit integer equals).
     */
    private static long twentyDigits(final Object base, final long address, final long start)
    {
        long u = 0;
        for (long i = start; i < start + 19; i++)
        {
            u = u * 10 + (Memory.getByte(base, address + i) - '0');
        }
        final long last = Memory.getByte(base, address + start + 19) - '0';
        if (Math.unsignedMultiplyHigh(u, 10) != 0)
        {
            return 0;
        }
        final long v = u * 10 + last;
        return Long.compareUnsigned(v, last) < 0 ? 0 : v;
    }

    /**
     * Correctly rounded magnitude of the decimal whose digits are input[digitsStart, intEnd) and
     * input[fracStart, fracEnd), times 10^exponent, as double bits (positive infinity when it overflows).
     */
    private long toDouble(
        final Object base, final long address,
        final long digitsStart,
        final long intEnd,
        final long fracStart,
        final long fracEnd,
        final long exponent,
        final long mantissa)
    {
        final long fracDigits = fracEnd - fracStart;
        if ((intEnd - digitsStart) + fracDigits > MAX_FAST_MANTISSA_DIGITS)
        {
            return manyDigitsToDouble(base, address, digitsStart, intEnd, fracStart, fracEnd, exponent);
        }
        final long q = exponent - fracDigits;
        if (mantissa == 0 || q < PowersOfFive.MIN_EXPONENT)
        {
            return 0;
        }
        if (q > PowersOfFive.MAX_EXPONENT)
        {
            return POSITIVE_INFINITY_BITS;
        }
        final int q10 = (int)q;
        if (mantissa >= 0 && mantissa <= (1L << 53) && q10 >= -22 && q10 <= 22)
        {
            // both factors are exact doubles, so one correctly rounded IEEE operation is the answer (Clinger)
            final double v = (double)mantissa;
            return Double.doubleToRawLongBits(q10 < 0 ? v / EXACT_POWERS_OF_TEN[-q10] : v * EXACT_POWERS_OF_TEN[q10]);
        }
        final long guess = eiselLemire(mantissa, q10);
        return ambiguous ? exact(base, address, digitsStart, intEnd, fracStart, fracEnd, exponent, guess) : guess;
    }

    /**
     * As {@link #toDouble} for more than 19 digits: rounds from the first 19 significant digits when truncating and
     * incrementing them round the same way, else exactly.
     */
    private long manyDigitsToDouble(
        final Object base, final long address,
        final long digitsStart,
        final long intEnd,
        final long fracStart,
        final long fracEnd,
        final long exponent)
    {
        // keep the first 19 significant digits; leading zeros do not count
        long w = 0;
        int taken = 0;
        long dropped = 0;
        boolean truncated = false;
        for (long i = digitsStart; i < fracEnd; i++)
        {
            if (i == intEnd)
            {
                i = fracStart;
            }
            final int d = Memory.getByte(base, address + i) - '0';
            if (taken < MAX_FAST_MANTISSA_DIGITS)
            {
                if (taken > 0 || d != 0)
                {
                    w = w * 10 + d;
                    taken++;
                }
            }
            else
            {
                dropped++;
                truncated |= d != 0;
            }
        }
        final long q = exponent - (fracEnd - fracStart) + dropped;
        if (w == 0 || q < PowersOfFive.MIN_EXPONENT)
        {
            return 0;
        }
        if (q > PowersOfFive.MAX_EXPONENT)
        {
            return POSITIVE_INFINITY_BITS;
        }
        final int q10 = (int)q;
        if (!truncated && w >= 0 && w <= (1L << 53) && q10 >= -22 && q10 <= 22)
        {
            final double v = (double)w;
            return Double.doubleToRawLongBits(q10 < 0 ? v / EXACT_POWERS_OF_TEN[-q10] : v * EXACT_POWERS_OF_TEN[q10]);
        }
        final long guess = eiselLemire(w, q10);
        if (!ambiguous)
        {
            if (!truncated)
            {
                return guess;
            }
            // the decimal lies in [w, w + 1) * 10^q: if both ends round alike, so does the decimal
            final long upper = eiselLemire(w + 1, q10);
            if (!ambiguous && upper == guess)
            {
                return guess;
            }
        }
        return exact(base, address, digitsStart, intEnd, fracStart, fracEnd, exponent, guess);
    }

    /**
     * Rounds w * 10^q (w != 0, q within the power-of-five table) to double bits from the top 128 bits of the product
     * of w and 5^q; sets {@link #ambiguous} when the error of that product (below 2 units of its last bit) could
     * move it across a halfway point. The result is then still within one ulp.
     */
    private long eiselLemire(final long w, final int q)
    {
        final int lz = Long.numberOfLeadingZeros(w);
        final long wn = w << lz;
        final long th = PowersOfFive.high(q);
        long lo = wn * th;
        long hi = Math.unsignedMultiplyHigh(wn, th);
        // The low word of 5^q adds less than 2^64 to hi:lo, so at most 1 to hi, and the shift below is at least 10.
        // When hi's low 9 bits are 1 to 0x1FD, the +1 carries into no bit from 9 up (those pick the mantissa and its
        // rounding) and leaves hi neither on a halfway point nor one below it (where lo decides, see ambiguous): the
        // result is the same without the second product. Only 0x1FE, 0x1FF and 0 need it (about 3 numbers in 512).
        if (((hi + 2) & 0x1FF) <= 2)
        {
            final long cross = Math.unsignedMultiplyHigh(wn, PowersOfFive.low(q));
            lo += cross;
            if (Long.compareUnsigned(lo, cross) < 0)
            {
                hi++;
            }
        }
        // w * 10^q = (hi:lo + err) * 2^(64 - lz + binaryExponent(q) + q), 0 <= err < 2, top bit of hi:lo at 126 or 127
        final int upper = (int)(hi >>> 63);
        int biased = 126 + upper + 64 - lz + PowersOfFive.binaryExponent(q) + q + 1023;
        int shift = 10 + upper;
        if (biased <= 0)
        {
            shift += 1 - biased;
            if (shift > 64)
            {
                ambiguous = false;
                return 0;
            }
        }
        long m;
        final long fractionHigh;
        final long halfBit;
        if (shift == 64)
        {
            m = 0;
            fractionHigh = hi;
            halfBit = SIGN_BIT;
        }
        else
        {
            m = hi >>> shift;
            fractionHigh = hi & ((1L << shift) - 1);
            halfBit = 1L << (shift - 1);
        }
        // the bits below the mantissa, F = fractionHigh:lo, decide the rounding unless F is within [half - 3, half + 1]
        ambiguous = (fractionHigh == halfBit && Long.compareUnsigned(lo, 2) < 0)
            || (fractionHigh == halfBit - 1 && Long.compareUnsigned(lo, -3L) >= 0);
        if (Long.compareUnsigned(fractionHigh, halfBit) >= 0)
        {
            m++;
        }
        if (biased <= 0)
        {
            return m;
        }
        if (m == (1L << 53))
        {
            m = 1L << 52;
            biased++;
        }
        if (biased >= 2047)
        {
            return POSITIVE_INFINITY_BITS;
        }
        return ((long)biased << 52) | (m & MANTISSA_MASK);
    }

    /**
     * Exact rounding: compares the decimal (at most {@link #MAX_DIGITS} significant digits, the rest as a sticky bit)
     * with the halfway points around a guess within an ulp, moving the guess until it is the nearest double.
     */
    private long exact(
        final Object base, final long address,
        final long digitsStart,
        final long intEnd,
        final long fracStart,
        final long fracEnd,
        final long exponent,
        final long guess)
    {
        final byte[] buf = digits;
        int count = 0;
        long dropped = 0;
        boolean nonZeroDropped = false;
        for (long i = digitsStart; i < fracEnd; i++)
        {
            if (i == intEnd)
            {
                i = fracStart;
                if (i == fracEnd)
                {
                    break;
                }
            }
            final byte d = (byte)(Memory.getByte(base, address + i) - '0');
            if (count < MAX_DIGITS)
            {
                if (count > 0 || d != 0)
                {
                    buf[count++] = d;
                }
            }
            else
            {
                dropped++;
                nonZeroDropped |= d != 0;
            }
        }
        long e = exponent - (fracEnd - fracStart) + dropped;
        while (buf[count - 1] == 0)
        {
            count--;
            e++;
        }
        sticky = nonZeroDropped;
        decimalExponent = (int)e;

        final MutableBigInt dec = decimal.set(0);
        for (int i = 0; i < count; i += DIGITS_PER_CHUNK)
        {
            final int n = Math.min(DIGITS_PER_CHUNK, count - i);
            long chunk = 0;
            for (int j = i; j < i + n; j++)
            {
                chunk = chunk * 10 + buf[j];
            }
            dec.multiply(LONG_POWERS_OF_TEN[n]);
            dec.add(chunk);
        }
        if (decimalExponent >= 0)
        {
            dec.multiplyPow5(decimalExponent);
        }
        else
        {
            powerOfFive.set(1).multiplyPow5(-decimalExponent);
        }

        long g = guess == POSITIVE_INFINITY_BITS ? guess - 1 : guess;
        while (g != POSITIVE_INFINITY_BITS)
        {
            final int above = compareWithHalfwayAbove(g);
            if (above > 0)
            {
                g++;
                continue;
            }
            if (above == 0)
            {
                g += g & 1;
                break;
            }
            if (g == 0)
            {
                break;
            }
            final int below = compareWithHalfwayAbove(g - 1);
            if (below < 0)
            {
                g--;
                continue;
            }
            if (below == 0)
            {
                g -= g & 1;
            }
            break;
        }
        return g;
    }

    /**
     * Sign of (decimal - h) where h is the midpoint between the finite positive double with bits g and the next one.
     */
    private int compareWithHalfwayAbove(final long g)
    {
        final int biasedExponent = (int)(g >>> 52);
        final long m = biasedExponent == 0 ? g & MANTISSA_MASK : (g & MANTISSA_MASK) | (1L << 52);
        final int q = biasedExponent == 0 ? -1074 : biasedExponent - 1075;
        // h = (2m + 1) * 2^(q - 1); decimal = digits * 10^e = digits * 5^e * 2^e
        final int e = decimalExponent;
        final int leftTwos;
        final int rightTwos;
        if (e >= 0)
        {
            leftTwos = e;
            halfway.set(2 * m + 1);
            rightTwos = q - 1;
        }
        else
        {
            leftTwos = 0;
            halfway.setShifted(powerOfFive, 0);
            halfway.multiply(2 * m + 1);
            rightTwos = q - 1 - e;
        }
        final int common = Math.min(leftTwos, rightTwos);
        left.setShifted(decimal, leftTwos - common);
        right.setShifted(halfway, rightTwos - common);
        final int c = left.compareTo(right);
        return c == 0 && sticky ? 1 : c;
    }
}
