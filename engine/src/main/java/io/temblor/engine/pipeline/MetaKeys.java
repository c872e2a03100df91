package io.temblor.engine.pipeline;

import io.temblor.offheap.ByteSink;
import io.temblor.script.value.ValueContext;
import io.temblor.script.value.ValueDescriptor;
import io.temblor.script.value.ValueWriter;
import io.temblor.script.value.Values;

import java.util.Arrays;

/**
 * Reads the traffic-shaping settings an event carries in its metadata ({@code $class}, {@code $dimensions},
 * {@code $rate}, ...) without allocating: strings are copied into a reused byte buffer, dimensions are encoded as
 * compact JSON (as Tremor keys them) into another.
 */
final class MetaKeys
{
    private final ValueContext ctx;
    private final ValueWriter writer = new ValueWriter();
    private final ByteSink sink = new ByteSink(256);
    private final long[] t = new long[4];
    byte[] classBytes = new byte[64];
    int classLength;
    byte[] dimBytes = new byte[256];
    int dimLength;

    MetaKeys(final ValueContext ctx)
    {
        this.ctx = ctx;
    }

    /** Copies {@code $class} into {@link #classBytes}; false when it is missing or not a string. */
    boolean readClass(final long metaH)
    {
        if (Values.type(metaH) != ValueDescriptor.TYPE_RECORD || !ctx.get(metaH, "class", t, 0) ||
            Values.type(t[0]) != ValueDescriptor.TYPE_STRING)
        {
            return false;
        }
        final int n = ctx.stringLength(t[0]);
        if (n > classBytes.length)
        {
            classBytes = new byte[Math.max(n, classBytes.length * 2)];
        }
        classLength = ctx.stringBytes(t[0], classBytes, 0);
        return true;
    }

    /** Encodes {@code $dimensions} ({@code null} when missing) as compact JSON into {@link #dimBytes}. */
    void readDimensions(final long metaH)
    {
        sink.reset();
        if (Values.type(metaH) == ValueDescriptor.TYPE_RECORD && ctx.get(metaH, "dimensions", t, 0))
        {
            writer.write(ctx, t[0], t[1], sink);
        }
        else
        {
            sink.writeByte('n').writeByte('u').writeByte('l').writeByte('l');
        }
        final int n = (int)sink.position();
        if (n > dimBytes.length)
        {
            dimBytes = Arrays.copyOf(dimBytes, Math.max(n, dimBytes.length * 2));
        }
        dimLength = sink.copyTo(dimBytes, 0);
    }

    /** An unsigned integer setting of the metadata, {@code missing} when absent or not a non-negative integer. */
    long number(final long metaH, final String key, final long missing)
    {
        if (Values.type(metaH) != ValueDescriptor.TYPE_RECORD || !ctx.get(metaH, key, t, 0))
        {
            return missing;
        }
        final int type = Values.type(t[0]);
        if (type == ValueDescriptor.TYPE_UINT || type == ValueDescriptor.TYPE_INT && t[1] >= 0)
        {
            return t[1];
        }
        return missing;
    }

    /** A 64-bit hash of the class and the dimensions read last. */
    long hash()
    {
        long h = 0x9E3779B97F4A7C15L;
        for (int i = 0; i < classLength; i++)
        {
            h = (h ^ classBytes[i]) * 0x100000001B3L;
        }
        h = (h ^ 0xFF) * 0x100000001B3L;
        for (int i = 0; i < dimLength; i++)
        {
            h = (h ^ dimBytes[i]) * 0x100000001B3L;
        }
        return h ^ (h >>> 29);
    }
}
