package io.temblor.engine.codec;

import io.temblor.offheap.ByteSink;
import io.temblor.script.value.ValueContext;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Error state and the segment entry point for codecs that parse a byte array: the segment's bytes are copied into a
 * reused array first.
 */
abstract class AbstractCodec implements Codec
{
    private String errorMessage;
    private long errorOffset = -1;
    private byte[] input = new byte[4096];

    @Override
    public int decode(final ValueContext ctx, final MemorySegment data, final long offset, final long length,
        final long ingestNs, final long[] out, final int at)
    {
        if (length > Integer.MAX_VALUE - 64 || offset < 0 || length < 0 || offset + length > data.byteSize())
        {
            return fail("input out of bounds or larger than 2 GiB", -1);
        }
        final int n = (int)length;
        if (input.length < n)
        {
            input = new byte[Math.max(n, input.length * 2)];
        }
        MemorySegment.copy(data, ValueLayout.JAVA_BYTE, offset, input, 0, n);
        return decode(ctx, input, 0, n, ingestNs, out, at);
    }

    @Override
    public String errorMessage()
    {
        return errorMessage;
    }

    @Override
    public long errorOffset()
    {
        return errorOffset;
    }

    /** Clears the error state; returns {@link #OK}. */
    final int ok()
    {
        errorMessage = null;
        errorOffset = -1;
        return OK;
    }

    /** Records an error; returns {@link #ERROR}. */
    final int fail(final String message, final long offset)
    {
        errorMessage = message;
        errorOffset = offset;
        return ERROR;
    }

    /**
     * Checks that {@code b[offset, offset + length)} is in bounds.
     *
     * @return {@link #OK}, or {@link #ERROR} with the error recorded.
     */
    final int checkBounds(final byte[] b, final int offset, final int length)
    {
        if (offset < 0 || length < 0 || offset + length > b.length)
        {
            return fail("input out of bounds", -1);
        }
        return OK;
    }

    /**
     * Checks that {@code b[offset, offset + length)} is in bounds and valid UTF-8.
     *
     * @return {@link #OK}, or {@link #ERROR} with the error (and the first bad byte's offset) recorded.
     */
    final int checkText(final byte[] b, final int offset, final int length)
    {
        if (checkBounds(b, offset, length) != OK)
        {
            return ERROR;
        }
        final int bad = Utf8.invalidAt(b, offset, length);
        if (bad >= 0)
        {
            return fail("invalid utf-8", bad);
        }
        return OK;
    }

    /**
     * Moves the sink back to {@code start} unless {@code status} is {@link #OK}, so a failed encode writes nothing.
     *
     * @return {@code status}.
     */
    static int rollBackUnlessOk(final ByteSink sink, final long start, final int status)
    {
        if (status != OK)
        {
            sink.position(start);
        }
        return status;
    }
}
