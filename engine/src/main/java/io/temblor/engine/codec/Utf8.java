package io.temblor.engine.codec;

/**
 * Scalar UTF-8 validation (RFC 3629: no overlongs, no surrogates, nothing above U+10FFFF), as Rust's
 * {@code str::from_utf8} accepts.
 */
final class Utf8
{
    private Utf8()
    {
    }

    /**
     * Checks {@code b[offset, offset + length)}.
     *
     * @return -1 when valid, else the offset (relative to {@code offset}) of the first invalid sequence.
     */
    static int invalidAt(final byte[] b, final int offset, final int length)
    {
        final int end = offset + length;
        int i = offset;
        while (i < end)
        {
            // ASCII fast path, eight bytes at a time
            while (i + 8 <= end && (readLong(b, i) & 0x8080808080808080L) == 0)
            {
                i += 8;
            }
            if (i >= end)
            {
                break;
            }
            final int c = b[i] & 0xFF;
            if (c < 0x80)
            {
                i++;
                continue;
            }
            final int n;
            final int lo;
            final int hi;
            if (c >= 0xC2 && c <= 0xDF)
            {
                n = 2;
                lo = 0x80;
                hi = 0xBF;
            }
            else if (c >= 0xE0 && c <= 0xEF)
            {
                n = 3;
                lo = c == 0xE0 ? 0xA0 : 0x80;
                hi = c == 0xED ? 0x9F : 0xBF;
            }
            else if (c >= 0xF0 && c <= 0xF4)
            {
                n = 4;
                lo = c == 0xF0 ? 0x90 : 0x80;
                hi = c == 0xF4 ? 0x8F : 0xBF;
            }
            else
            {
                return i - offset;
            }
            if (i + n > end)
            {
                return i - offset;
            }
            final int second = b[i + 1] & 0xFF;
            if (second < lo || second > hi)
            {
                return i - offset;
            }
            for (int k = 2; k < n; k++)
            {
                if ((b[i + k] & 0xC0) != 0x80)
                {
                    return i - offset;
                }
            }
            i += n;
        }
        return -1;
    }

    private static long readLong(final byte[] b, final int i)
    {
        return (long)LONG.get(b, i);
    }

    private static final java.lang.invoke.VarHandle LONG =
        java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);
}
