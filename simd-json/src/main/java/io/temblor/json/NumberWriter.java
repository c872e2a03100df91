package io.temblor.json;

/**
 * Number writer stand-in built on the JDK's conversions. The real writer replaces this file at merge; only the
 * contract matters here. Thread safe (stateless).
 */
public final class NumberWriter
{
    private NumberWriter()
    {
    }

    /**
     * Writes v in decimal ASCII.
     *
     * @param v the value.
     * @param dst destination.
     * @param off offset in dst.
     * @return bytes written.
     */
    public static int writeLong(final long v, final byte[] dst, final int off)
    {
        return ascii(Long.toString(v), dst, off);
    }

    /**
     * Writes v as an unsigned decimal.
     *
     * @param v the value.
     * @param dst destination.
     * @param off offset in dst.
     * @return bytes written.
     */
    public static int writeUnsignedLong(final long v, final byte[] dst, final int off)
    {
        return ascii(Long.toUnsignedString(v), dst, off);
    }

    /**
     * Writes a decimal that parses back to exactly v and still reads as a float.
     *
     * @param v a finite value.
     * @param dst destination.
     * @param off offset in dst.
     * @return bytes written.
     */
    public static int writeDouble(final double v, final byte[] dst, final int off)
    {
        String s = Double.toString(v);
        final int e = s.indexOf('E');
        if (e >= 0)
        {
            final String mantissa = s.substring(0, e);
            s = (mantissa.endsWith(".0") ? mantissa.substring(0, mantissa.length() - 2) : mantissa) + "e" + s.substring(e + 1);
        }
        return ascii(s, dst, off);
    }

    private static int ascii(final String s, final byte[] dst, final int off)
    {
        for (int i = 0; i < s.length(); i++)
        {
            dst[off + i] = (byte)s.charAt(i);
        }
        return s.length();
    }
}
