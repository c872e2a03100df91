package io.temblor.engine.codec;

import io.temblor.offheap.ByteSink;
import io.temblor.script.value.ValueContext;
import io.temblor.script.value.ValueDescriptor;
import io.temblor.script.value.ValueWriter;
import io.temblor.script.value.Values;

/**
 * Tremor's {@code string} codec (valid UTF-8 to a string, else an error) and {@code binary} codec (any bytes to a
 * binary). Encode writes a string's (or binary's) bytes as they are and anything else as compact JSON.
 */
final class StringCodec extends AbstractCodec
{
    private final boolean binary;
    private final ValueWriter writer = new ValueWriter();

    StringCodec(final boolean binary)
    {
        this.binary = binary;
    }

    @Override
    public String name()
    {
        // Tremor registers the binary codec as "binary" and names it "bytes"
        return binary ? "binary" : "string";
    }

    @Override
    public int decode(final ValueContext ctx, final byte[] data, final int offset, final int length, final long ingestNs,
        final long[] out, final int at)
    {
        if (offset < 0 || length < 0 || offset + length > data.length)
        {
            return fail("input out of bounds", -1);
        }
        if (binary)
        {
            ctx.newBinary(data, offset, length, out, at);
            return ok();
        }
        final int bad = Utf8.invalidAt(data, offset, length);
        if (bad >= 0)
        {
            return fail("invalid utf-8", bad);
        }
        ctx.newString(data, offset, length, out, at);
        return ok();
    }

    @Override
    public int encode(final ValueContext ctx, final long handle, final long bits, final ByteSink sink)
    {
        final int type = Values.type(handle);
        if (type == ValueDescriptor.TYPE_STRING || binary && type == ValueDescriptor.TYPE_BINARY)
        {
            sink.write(ctx.segment(handle), ctx.stringOffset(handle), ctx.stringLength(handle));
            return ok();
        }
        final long start = sink.position();
        try
        {
            writer.write(ctx, handle, bits, sink);
            return ok();
        }
        catch (final IllegalArgumentException e)
        {
            sink.position(start);
            return fail(e.getMessage(), -1);
        }
    }
}
