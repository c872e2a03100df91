package io.temblor.script.extract;

/**
 * Rust's number conversions where Java's differ: {@code i64::from_str} and {@code f64::from_str} (grammar and error
 * texts), {@code f64::round} (half away from zero, exactly) and the saturating {@code as u64} cast. Stateless.
 */
public final class Numbers
{
    /** {@code ParseIntError} for an empty string. */
    public static final String EMPTY_INTEGER = "cannot parse integer from empty string";
    /** {@code ParseIntError} for a non-digit. */
    public static final String INVALID_DIGIT = "invalid digit found in string";
    /** {@code ParseIntError} above {@code i64::MAX}. */
    public static final String TOO_LARGE = "number too large to fit in target type";
    /** {@code ParseIntError} below {@code i64::MIN}. */
    public static final String TOO_SMALL = "number too small to fit in target type";
    /** {@code ParseFloatError} for an empty string. */
    public static final String EMPTY_FLOAT = "cannot parse float from empty string";
    /** {@code ParseFloatError} otherwise. */
    public static final String INVALID_FLOAT = "invalid float literal";

    private static final double TWO_POW_63 = 9223372036854775808.0;
    private static final double TWO_POW_64 = 18446744073709551616.0;

    private Numbers()
    {
    }

    /**
     * Rust's {@code s.parse::<i64>()}: an optional sign and ASCII digits, read left to right.
     *
     * @param s the text.
     * @param out receives the value.
     * @return null, or the error text.
     */
    public static String parseLong(final String s, final long[] out)
    {
        if (s.isEmpty())
        {
            return EMPTY_INTEGER;
        }
        final boolean negative = s.charAt(0) == '-';
        final int start = s.charAt(0) == '+' || negative ? 1 : 0;
        if (start == s.length())
        {
            return INVALID_DIGIT;
        }
        long v = 0;
        for (int i = start; i < s.length(); i++)
        {
            final int d = s.charAt(i) - '0';
            if (d < 0 || d > 9)
            {
                return INVALID_DIGIT;
            }
            try
            {
                v = Math.addExact(Math.multiplyExact(v, 10), negative ? -d : d);
            }
            catch (final ArithmeticException ex)
            {
                return negative ? TOO_SMALL : TOO_LARGE;
            }
        }
        out[0] = v;
        return null;
    }

    /**
     * Rust's {@code s.parse::<f64>()}: {@code [+-]} then {@code inf}, {@code infinity}, {@code nan} (any case) or
     * digits with an optional {@code .} (digits on at least one side) and exponent; no whitespace.
     *
     * @param s the text.
     * @param out receives the bits of the value.
     * @return null, or the error text.
     */
    public static String parseDouble(final String s, final long[] out)
    {
        if (s.isEmpty())
        {
            return EMPTY_FLOAT;
        }
        final int start = s.charAt(0) == '+' || s.charAt(0) == '-' ? 1 : 0;
        final String body = s.substring(start).toLowerCase(java.util.Locale.ROOT);
        final boolean negative = s.charAt(0) == '-';
        if (body.equals("inf") || body.equals("infinity"))
        {
            out[0] = Double.doubleToRawLongBits(negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY);
            return null;
        }
        if (body.equals("nan"))
        {
            out[0] = Double.doubleToRawLongBits(Double.NaN);
            return null;
        }
        int i = start;
        final int intDigits = digits(s, i);
        i += intDigits;
        int fracDigits = 0;
        if (i < s.length() && s.charAt(i) == '.')
        {
            fracDigits = digits(s, ++i);
            i += fracDigits;
        }
        if (intDigits + fracDigits == 0)
        {
            return INVALID_FLOAT;
        }
        if (i < s.length() && (s.charAt(i) == 'e' || s.charAt(i) == 'E'))
        {
            i++;
            if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-'))
            {
                i++;
            }
            final int expDigits = digits(s, i);
            if (expDigits == 0)
            {
                return INVALID_FLOAT;
            }
            i += expDigits;
        }
        if (i != s.length())
        {
            return INVALID_FLOAT;
        }
        // the text is now plain decimal syntax, which Java reads with the same correct rounding
        out[0] = Double.doubleToRawLongBits(Double.parseDouble(s));
        return null;
    }

    private static int digits(final String s, final int from)
    {
        int i = from;
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9')
        {
            i++;
        }
        return i - from;
    }

    /**
     * Rust's {@code f64::round}: to the nearest integer, halves away from zero, without the error of adding 0.5.
     *
     * @param x the value.
     * @return the rounded value.
     */
    public static double round(final double x)
    {
        final double t = x < 0 ? Math.ceil(x) : Math.floor(x);
        return Math.abs(x - t) >= 0.5 ? t + Math.signum(x) : t;
    }

    /**
     * Rust's {@code f as u64}: truncating, saturating at 0 and {@code u64::MAX}, NaN to 0.
     *
     * @param f the value.
     * @return the unsigned bits.
     */
    public static long toUnsigned(final double f)
    {
        if (!(f > 0))
        {
            return 0;
        }
        if (f >= TWO_POW_64)
        {
            return -1;
        }
        return f >= TWO_POW_63 ? (long)(f - TWO_POW_63) + Long.MIN_VALUE : (long)f;
    }
}
