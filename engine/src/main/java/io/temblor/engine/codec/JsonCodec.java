package io.temblor.engine.codec;

import io.temblor.json.JsonError;
import io.temblor.json.JsonParser;
import io.temblor.offheap.ByteSink;
import io.temblor.script.value.ValueContext;
import io.temblor.script.value.ValueDescriptor;
import io.temblor.script.value.ValueWriter;
import io.temblor.script.value.Values;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * Tremor's {@code json} codec: decode parses with simd-json into the codec's tape and copies the document into the
 * arena (duplicate keys keep the last value at the first key's position, as Tremor's map insert does); encode writes
 * compact JSON with {@link ValueWriter}, or with every record's keys in byte order for {@code mode: sorted}
 * (Tremor's {@code sorted-json}, {@code sorted_serialize}). A binary value encodes as a string of its standard base64
 * with padding, as tremor-value writes bytes.
 */
final class JsonCodec extends AbstractCodec
{
    /** Slots per nesting level in {@link #regs}: input/result, new container, key, spare. */
    private static final int LEVEL = 8;

    private final boolean sorted;
    private final JsonParser parser = new JsonParser();
    private final ValueWriter writer = new ValueWriter(true);
    private ValueContext reader;
    private long[] regs = new long[LEVEL * 16];
    /** Sorted mode: key handles and positions of the records being written, one region per level. */
    private long[] keys = new long[64];
    private int[] positions = new int[64];

    JsonCodec(final boolean sorted)
    {
        this.sorted = sorted;
    }

    @Override
    public String name()
    {
        return sorted ? "sorted-json" : "json";
    }

    @Override
    public int decode(final ValueContext ctx, final byte[] data, final int offset, final int length, final long ingestNs,
        final long[] out, final int at)
    {
        if (offset < 0 || length < 0 || offset + length > data.length)
        {
            return fail("input out of bounds", -1);
        }
        return copyOut(ctx, parser.parse(data, offset, length), out, at);
    }

    @Override
    public int decode(final ValueContext ctx, final MemorySegment data, final long offset, final long length,
        final long ingestNs, final long[] out, final int at)
    {
        if (offset < 0 || length < 0 || offset + length > data.byteSize())
        {
            return fail("input out of bounds", -1);
        }
        return copyOut(ctx, parser.parse(data, offset, length), out, at);
    }

    private int copyOut(final ValueContext ctx, final int status, final long[] out, final int at)
    {
        if (status != JsonError.OK)
        {
            return fail(JsonError.message(status), parser.errorOffset());
        }
        ValueContext r = reader;
        if (r == null || r.arena() != ctx.arena())
        {
            r = new ValueContext(ctx.arena());
            reader = r;
        }
        r.event(parser.tape());
        r.root(regs, 0);
        copy(r, 0);
        r.event(null);
        out[at] = regs[0];
        out[at + 1] = regs[1];
        return ok();
    }

    /** Deep-copies the value in {@code regs[level * LEVEL]} into the arena, in place. */
    private void copy(final ValueContext r, final int level)
    {
        final int o = level * LEVEL;
        if (regs.length < o + 2 * LEVEL)
        {
            regs = Arrays.copyOf(regs, regs.length * 2);
        }
        final long[] g = regs;
        final long h = g[o];
        switch (Values.type(h))
        {
            case ValueDescriptor.TYPE_STRING ->
                r.copy(h, g[o + 1], g, o);
            case ValueDescriptor.TYPE_ARRAY ->
            {
                r.newArray(r.length(h), g, o + 2);
                for (int pos = r.first(h); pos >= 0; pos = r.next(h, pos))
                {
                    r.entryValue(h, pos, regs, o + LEVEL);
                    copy(r, level + 1);
                    r.push(regs[o + 2], regs[o + LEVEL], regs[o + LEVEL + 1], regs, o + 2);
                }
                regs[o] = regs[o + 2];
                regs[o + 1] = 0;
            }
            case ValueDescriptor.TYPE_RECORD ->
            {
                r.newRecord(r.length(h), g, o + 2);
                for (int pos = r.first(h); pos >= 0; pos = r.next(h, pos))
                {
                    r.entryKey(h, pos, regs, o + 4);
                    r.copy(regs[o + 4], 0, regs, o + 4);
                    r.entryValue(h, pos, regs, o + LEVEL);
                    copy(r, level + 1);
                    r.put(regs[o + 2], regs[o + 4], regs[o + LEVEL], regs[o + LEVEL + 1], regs, o + 2);
                }
                regs[o] = regs[o + 2];
                regs[o + 1] = 0;
            }
            default ->
            {
                // immediates are already values
            }
        }
    }

    @Override
    public int encode(final ValueContext ctx, final long handle, final long bits, final ByteSink sink)
    {
        final long start = sink.position();
        try
        {
            if (sorted)
            {
                writeSorted(ctx, handle, bits, sink, 0);
            }
            else
            {
                writer.write(ctx, handle, bits, sink);
            }
            return ok();
        }
        catch (final IllegalArgumentException e)
        {
            // NaN or infinite floats have no JSON form
            sink.position(start);
            return fail(e.getMessage(), -1);
        }
    }

    private void writeSorted(final ValueContext ctx, final long handle, final long bits, final ByteSink sink,
        final int from)
    {
        final int type = Values.type(handle);
        if (type == ValueDescriptor.TYPE_ARRAY)
        {
            sink.writeByte('[');
            boolean first = true;
            for (int pos = ctx.first(handle); pos >= 0; pos = ctx.next(handle, pos))
            {
                if (!first)
                {
                    sink.writeByte(',');
                }
                first = false;
                final long[] g = regs;
                ctx.entryValue(handle, pos, g, 0);
                writeSorted(ctx, g[0], g[1], sink, from);
            }
            sink.writeByte(']');
            return;
        }
        if (type != ValueDescriptor.TYPE_RECORD)
        {
            writer.write(ctx, handle, bits, sink);
            return;
        }
        final int n = ctx.length(handle);
        if (keys.length < from + n)
        {
            keys = Arrays.copyOf(keys, Math.max(from + n, keys.length * 2));
            positions = Arrays.copyOf(positions, keys.length);
        }
        int count = 0;
        for (int pos = ctx.first(handle); pos >= 0; pos = ctx.next(handle, pos))
        {
            ctx.entryKey(handle, pos, regs, 0);
            // insertion sort by unsigned bytes (Rust's String order); records are small
            final long key = regs[0];
            int i = from + count;
            while (i > from && ctx.compareStrings(keys[i - 1], key) > 0)
            {
                keys[i] = keys[i - 1];
                positions[i] = positions[i - 1];
                i--;
            }
            keys[i] = key;
            positions[i] = pos;
            count++;
        }
        sink.writeByte('{');
        for (int i = 0; i < count; i++)
        {
            if (i > 0)
            {
                sink.writeByte(',');
            }
            writer.write(ctx, keys[from + i], 0, sink);
            sink.writeByte(':');
            ctx.entryValue(handle, positions[from + i], regs, 0);
            writeSorted(ctx, regs[0], regs[1], sink, from + count);
        }
        sink.writeByte('}');
    }
}
