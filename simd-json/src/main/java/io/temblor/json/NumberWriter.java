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
        if (v < 0)
        {
            dst[off] = '-';
            return 1 + writeUnsignedLong(-v, dst, off + 1);
        }
        return writeUnsignedLong(v, dst, off);
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
        final int n = v == 0 ? 1 : digits(v);
        long rest = v;
        for (int i = off + n - 1; i >= off; i--)
        {
            dst[i] = (byte)('0' + Long.remainderUnsigned(rest, 10));
            rest = Long.divideUnsigned(rest, 10);
        }
        return n;
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
        final double magnitude = Math.abs(v);
        if (magnitude >= 1e-6 && magnitude < 1e15)
        {
            double scale = 1;
            for (int k = 1; k <= 15; k++)
            {
                scale *= 10;
                final double scaled = Math.rint(magnitude * scale);
                if (scaled < 9.0e15 && scaled / scale == magnitude)
                {
                    return fixed(Double.doubleToRawLongBits(v) < 0, (long)scaled, k, dst, off);
                }
            }
        }
        String s = Double.toString(v);
        final int e = s.indexOf('E');
        if (e >= 0)
        {
            final String mantissa = s.substring(0, e);
            s = (mantissa.endsWith(".0") ? mantissa.substring(0, mantissa.length() - 2) : mantissa) + "e" + s.substring(e + 1);
        }
        return ascii(s, dst, off);
    }

    private static int fixed(final boolean negative, final long scaled, final int k, final byte[] dst, final int off)
    {
        int p = off;
        if (negative)
        {
            dst[p++] = '-';
        }
        final long power = (long)Math.pow(10, k);
        p += writeUnsignedLong(scaled / power, dst, p);
        dst[p++] = '.';
        final long fraction = scaled % power;
        long pad = power / 10;
        while (pad > fraction && pad > 1)
        {
            dst[p++] = '0';
            pad /= 10;
        }
        p += writeUnsignedLong(fraction, dst, p);
        return p - off;
    }

    private static int digits(final long v)
    {
        int n = 0;
        for (long rest = v; rest != 0; rest = Long.divideUnsigned(rest, 10))
        {
            n++;
        }
        return n;
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
