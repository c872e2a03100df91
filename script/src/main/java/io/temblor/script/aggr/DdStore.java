package io.temblor.script.aggr;

/**
 * The collapsing-lowest dense store of the {@code sketches-ddsketch} crate (0.3), which Tremor's dds uses: counts per
 * key in bins {@code [offset, offset + length)}, grown in chunks of 128 up to a bin limit, recentred on growth, and
 * once the key range exceeds the limit the lowest keys collapse into the first bin. Ported step by step (including
 * where bins are rotated, which decides what collapses when) so that quantiles match the crate's exactly. The bins are
 * one preallocated array of the limit; {@code length} plays the Rust vector's length.
 */
final class DdStore
{
    private static final int CHUNK_SIZE = 128;

    private final long[] bins;
    private final int binLimit;
    private int length;
    private long count;
    private int minKey;
    private int maxKey;
    private int offset;
    private boolean collapsed;

    DdStore(final int binLimit)
    {
        this.binLimit = binLimit;
        this.bins = new long[binLimit];
        reset();
    }

    void reset()
    {
        length = 0;
        count = 0;
        minKey = Integer.MAX_VALUE;
        maxKey = Integer.MIN_VALUE;
        offset = 0;
        collapsed = false;
    }

    long count()
    {
        return count;
    }

    void add(final int key)
    {
        final int index = index(key);
        bins[index]++;
        count++;
    }

    /**
     * The key whose bin holds the rank-th value (0-based), or the max key when the rank is past the end.
     *
     * @param rank the rank.
     * @return the key.
     */
    int keyAtRank(final long rank)
    {
        long n = 0;
        for (int i = 0; i < length; i++)
        {
            n += bins[i];
            if (Long.compareUnsigned(n, rank) > 0)
            {
                return i + offset;
            }
        }
        return maxKey;
    }

    void merge(final DdStore other)
    {
        if (other.count == 0)
        {
            return;
        }
        if (count == 0)
        {
            copyFrom(other);
            return;
        }
        if (other.minKey < minKey || other.maxKey > maxKey)
        {
            extendRange(other.minKey, other.maxKey);
        }
        final int collapseStart = other.minKey - other.offset;
        int collapseEnd = Math.min(minKey, other.maxKey + 1) - other.offset;
        if (collapseEnd > collapseStart)
        {
            // the crate sums this store's bins over the other's index range here; kept as it is
            long collapsedCount = 0;
            for (int i = Math.max(0, collapseStart); i < Math.min(collapseEnd, length); i++)
            {
                collapsedCount += bins[i];
            }
            bins[0] += collapsedCount;
        }
        else
        {
            collapseEnd = collapseStart;
        }
        for (int key = collapseEnd + other.offset; key < other.maxKey + 1; key++)
        {
            bins[key - offset] += other.bins[key - other.offset];
        }
        count += other.count;
    }

    void copyFrom(final DdStore o)
    {
        System.arraycopy(o.bins, 0, bins, 0, o.length);
        length = o.length;
        count = o.count;
        minKey = o.minKey;
        maxKey = o.maxKey;
        offset = o.offset;
        collapsed = o.collapsed;
    }

    private int index(final int key)
    {
        if (key < minKey)
        {
            if (collapsed)
            {
                return 0;
            }
            extendRange(key, key);
            if (collapsed)
            {
                return 0;
            }
        }
        else if (key > maxKey)
        {
            extendRange(key, key);
        }
        return key - offset;
    }

    private void extendRange(final int key, final int secondKey)
    {
        final int newMinKey = Math.min(key, Math.min(secondKey, minKey));
        final int newMaxKey = Math.max(key, Math.max(secondKey, maxKey));
        if (length == 0)
        {
            resize(newLength(newMinKey, newMaxKey));
            offset = newMinKey;
            adjust(newMinKey, newMaxKey);
        }
        else if (newMinKey >= minKey && newMaxKey < offset + length)
        {
            minKey = newMinKey;
            maxKey = newMaxKey;
        }
        else
        {
            final int newLength = newLength(newMinKey, newMaxKey);
            if (newLength > length)
            {
                resize(newLength);
            }
            adjust(newMinKey, newMaxKey);
        }
    }

    private int newLength(final int newMinKey, final int newMaxKey)
    {
        final int desired = newMaxKey - newMinKey + 1;
        return Math.min(CHUNK_SIZE * ((desired + CHUNK_SIZE - 1) / CHUNK_SIZE), binLimit);
    }

    private void resize(final int newLength)
    {
        if (newLength > length)
        {
            java.util.Arrays.fill(bins, length, newLength, 0L);
        }
        length = newLength;
    }

    private void adjust(final int newMinKey, final int newMaxKey)
    {
        if (newMaxKey - newMinKey + 1 > length)
        {
            final int collapsedMinKey = newMaxKey - length + 1;
            if (collapsedMinKey >= maxKey)
            {
                // everything in the first bin
                offset = collapsedMinKey;
                minKey = collapsedMinKey;
                java.util.Arrays.fill(bins, 0, length, 0L);
                bins[0] = count;
            }
            else
            {
                final int shift = offset - collapsedMinKey;
                if (shift < 0)
                {
                    final int start = minKey - offset;
                    final int end = collapsedMinKey - offset;
                    long collapsedCount = 0;
                    for (int i = start; i < end; i++)
                    {
                        collapsedCount += bins[i];
                        bins[i] = 0;
                    }
                    bins[end] += collapsedCount;
                }
                minKey = collapsedMinKey;
                shiftBins(shift);
            }
            maxKey = newMaxKey;
            collapsed = true;
        }
        else
        {
            centerBins(newMinKey, newMaxKey);
            minKey = newMinKey;
            maxKey = newMaxKey;
        }
    }

    private void shiftBins(final int shift)
    {
        if (shift > 0)
        {
            rotateRight(shift);
            java.util.Arrays.fill(bins, 0, shift, 0L);
        }
        else
        {
            final int left = -shift;
            java.util.Arrays.fill(bins, 0, left, 0L);
            rotateRight(length - left);
        }
        offset -= shift;
    }

    private void centerBins(final int newMinKey, final int newMaxKey)
    {
        final int middleKey = newMinKey + (newMaxKey - newMinKey + 1) / 2;
        shiftBins(offset + length / 2 - middleKey);
    }

    /** Rotates {@code bins[0, length)} right by k (slot i moves to (i + k) mod length), in place by three reversals. */
    private void rotateRight(final int k)
    {
        final int n = length;
        if (n == 0)
        {
            return;
        }
        final int r = ((k % n) + n) % n;
        if (r == 0)
        {
            return;
        }
        reverse(0, n - 1);
        reverse(0, r - 1);
        reverse(r, n - 1);
    }

    private void reverse(final int from, final int to)
    {
        for (int i = from, j = to; i < j; i++, j--)
        {
            final long t = bins[i];
            bins[i] = bins[j];
            bins[j] = t;
        }
    }
}
