package io.temblor.engine.codec;

import java.util.Arrays;

/** A growable byte array reused across calls (interceptor buffers and scratch). */
final class Bytes
{
    byte[] data;
    int length;

    Bytes(final int capacity)
    {
        data = new byte[Math.max(16, capacity)];
    }

    void clear()
    {
        length = 0;
    }

    void ensure(final int extra)
    {
        final long need = (long)length + extra;
        if (need > data.length)
        {
            if (need > Integer.MAX_VALUE - 16)
            {
                throw new OutOfMemoryError("buffer above 2 GiB");
            }
            data = Arrays.copyOf(data, (int)Math.max(need, Math.min(Integer.MAX_VALUE - 16L, 2L * data.length)));
        }
    }

    Bytes add(final byte[] src, final int offset, final int n)
    {
        ensure(n);
        System.arraycopy(src, offset, data, length, n);
        length += n;
        return this;
    }

    Bytes add(final int b)
    {
        ensure(1);
        data[length++] = (byte)b;
        return this;
    }

    /** Drops the first n bytes. */
    void consume(final int n)
    {
        System.arraycopy(data, n, data, 0, length - n);
        length -= n;
    }
}
