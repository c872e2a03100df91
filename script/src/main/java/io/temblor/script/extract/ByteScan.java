package io.temblor.script.extract;

import io.temblor.offheap.Memory;

/**
 * Searches of the byte-path extractors ({@link Dissect}, {@link Kv}) in the runtime's scratch array, eight bytes at a
 * time: a word is tested for a byte equal to the needle's first byte with the SWAR "has zero byte" test of Hacker's
 * Delight 6-1 on the word XOR the byte repeated; the lowest flagged byte is always a true match (borrows only flag
 * bytes above one), so its trailing zero count gives the first candidate. Stateless; any thread may call.
 */
final class ByteScan
{
    private static final long ONES = 0x0101_0101_0101_0101L;
    private static final long HIGH_BITS = 0x8080_8080_8080_8080L;

    private ByteScan()
    {
    }

    /**
     * The first index of a byte in {@code text[from, end)}.
     *
     * @param text the bytes.
     * @param from first index searched.
     * @param end index after the last one searched (at most {@code text.length}).
     * @param b the byte.
     * @return its index, or -1.
     */
    static int indexOf(final byte[] text, final int from, final int end, final byte b)
    {
        final long pattern = (b & 0xFFL) * ONES;
        int i = from;
        for (; i + Long.BYTES <= end; i += Long.BYTES)
        {
            final long x = Memory.getLong(text, Memory.BYTE_ARRAY_OFFSET + i) ^ pattern;
            final long found = (x - ONES) & ~x & HIGH_BITS;
            if (found != 0)
            {
                return i + (Long.numberOfTrailingZeros(found) >>> 3);
            }
        }
        for (; i < end; i++)
        {
            if (text[i] == b)
            {
                return i;
            }
        }
        return -1;
    }

    /**
     * The first index of either of two bytes in {@code text[from, end)} (the lowest flag of the union of both tests is
     * the lower of two true matches).
     *
     * @param text the bytes.
     * @param from first index searched.
     * @param end index after the last one searched (at most {@code text.length}).
     * @param a one byte.
     * @param b the other.
     * @return the index of the first of them, or -1.
     */
    static int indexOfEither(final byte[] text, final int from, final int end, final byte a, final byte b)
    {
        final long patternA = (a & 0xFFL) * ONES;
        final long patternB = (b & 0xFFL) * ONES;
        int i = from;
        for (; i + Long.BYTES <= end; i += Long.BYTES)
        {
            final long w = Memory.getLong(text, Memory.BYTE_ARRAY_OFFSET + i);
            final long x = w ^ patternA;
            final long y = w ^ patternB;
            final long found = ((x - ONES) & ~x | (y - ONES) & ~y) & HIGH_BITS;
            if (found != 0)
            {
                return i + (Long.numberOfTrailingZeros(found) >>> 3);
            }
        }
        for (; i < end; i++)
        {
            final byte c = text[i];
            if (c == a || c == b)
            {
                return i;
            }
        }
        return -1;
    }

    /**
     * The first index of a needle in {@code text[from, end)}.
     *
     * @param text the bytes.
     * @param from first index searched.
     * @param end index after the last byte a match may cover (at most {@code text.length}).
     * @param needle the bytes searched for; an empty needle is found at {@code from}.
     * @return the index of its first byte, or -1.
     */
    static int indexOf(final byte[] text, final int from, final int end, final byte[] needle)
    {
        final int n = needle.length;
        if (n == 0)
        {
            return from;
        }
        final byte first = needle[0];
        final int last = end - n + 1;
        for (int i = indexOf(text, from, last, first); i >= 0; i = indexOf(text, i + 1, last, first))
        {
            if (startsWith(text, i, end, needle, 1))
            {
                return i;
            }
        }
        return -1;
    }

    /**
     * Whether {@code text[at, end)} starts with a needle, comparing from the needle's byte {@code skip} on.
     *
     * @param text the bytes.
     * @param at where the needle would start.
     * @param end index after the last byte it may cover.
     * @param needle the bytes.
     * @param skip leading needle bytes known to match.
     * @return true when it does.
     */
    static boolean startsWith(final byte[] text, final int at, final int end, final byte[] needle, final int skip)
    {
        final int n = needle.length;
        if (end - at < n)
        {
            return false;
        }
        for (int j = skip; j < n; j++)
        {
            if (text[at + j] != needle[j])
            {
                return false;
            }
        }
        return true;
    }
}
