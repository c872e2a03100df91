package io.temblor.script.aggr;

/**
 * Rust's {@code f64::from_str} (what Tremor parses percentile names with): an optional sign, then {@code inf},
 * {@code infinity} or {@code nan} in any case, or digits with an optional point (at least one digit in all) and an
 * optional exponent; no whitespace, no suffix, no hexadecimal. Cold path (first accumulate only).
 */
final class RustFloat
{
    private RustFloat()
    {
    }

    /**
     * Why Rust rejects the text.
     *
     * @param s the text.
     * @return null when it parses, else the {@code ParseFloatError} kind ({@code Empty} or {@code Invalid}).
     */
    static String error(final String s)
    {
        if (s.isEmpty())
        {
            return "Empty";
        }
        int i = s.charAt(0) == '+' || s.charAt(0) == '-' ? 1 : 0;
        final String body = s.substring(i);
        if (body.equalsIgnoreCase("inf") || body.equalsIgnoreCase("infinity") || body.equalsIgnoreCase("nan"))
        {
            return null;
        }
        final int n = s.length();
        int digits = 0;
        while (i < n && isDigit(s.charAt(i)))
        {
            i++;
            digits++;
        }
        if (i < n && s.charAt(i) == '.')
        {
            i++;
            while (i < n && isDigit(s.charAt(i)))
            {
                i++;
                digits++;
            }
        }
        if (digits == 0)
        {
            return "Invalid";
        }
        if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E'))
        {
            i++;
            if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-'))
            {
                i++;
            }
            int exponentDigits = 0;
            while (i < n && isDigit(s.charAt(i)))
            {
                i++;
                exponentDigits++;
            }
            if (exponentDigits == 0)
            {
                return "Invalid";
            }
        }
        return i == n ? null : "Invalid";
    }

    /**
     * The value of a text {@link #error} accepts (correctly rounded, as Rust's parser).
     *
     * @param s the text.
     * @return the double.
     */
    static double parse(final String s)
    {
        final boolean negative = s.startsWith("-");
        final String body = s.startsWith("+") || negative ? s.substring(1) : s;
        if (body.equalsIgnoreCase("nan"))
        {
            return Double.NaN;
        }
        if (body.equalsIgnoreCase("inf") || body.equalsIgnoreCase("infinity"))
        {
            return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        return Double.parseDouble(s);
    }

    /**
     * {@code ParseFloatError}'s Display text.
     *
     * @param kind a kind from {@link #error}.
     * @return the text.
     */
    static String display(final String kind)
    {
        return "Empty".equals(kind) ? "cannot parse float from empty string" : "invalid float literal";
    }

    private static boolean isDigit(final char c)
    {
        return c >= '0' && c <= '9';
    }
}
