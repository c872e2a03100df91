package io.temblor.engine.pipeline;

import io.temblor.offheap.ByteSink;
import io.temblor.script.value.KeySite;
import io.temblor.script.value.ValueContext;
import io.temblor.script.value.ValueDescriptor;
import io.temblor.script.value.ValueWriter;
import io.temblor.script.value.Values;

import java.util.Arrays;

/**
 * Reads the traffic-shaping settings an event carries in its metadata ({@code $class}, {@code $dimensions},
 * {@code $rate}, ...) without allocating: each key is looked up through a {@link KeySite} made once (its fingerprint
 * and last position), strings are copied into a reused byte buffer, dimensions are encoded as compact JSON (as Tremor
 * keys them) into another, a plain string directly, anything else through a {@link ValueWriter}.
 */
final class MetaKeys
{
    private final ValueContext ctx;
    private final ValueWriter writer = new ValueWriter();
    private final ByteSink sink = new ByteSink(256);
    private final long[] t = new long[4];
    private final KeySite classSite;
    private final KeySite dimensionsSite;
    /** {@code $rate}. */
    final KeySite rate;
    /** {@code $cardinality}. */
    final KeySite cardinality;
    /** {@code $time_range}. */
    final KeySite timeRange;
    /** {@code $windows}. */
    final KeySite windows;
    /** The handle of {@code $class} found by {@link #findClass} (a string). */
    long classHandle;
    byte[] classBytes = new byte[64];
    int classLength;
    byte[] dimBytes = new byte[256];
    int dimLength;

    MetaKeys(final ValueContext ctx)
    {
        this.ctx = ctx;
        classSite = site(ctx, "class");
        dimensionsSite = site(ctx, "dimensions");
        rate = site(ctx, "rate");
        cardinality = site(ctx, "cardinality");
        timeRange = site(ctx, "time_range");
        windows = site(ctx, "windows");
    }

    private static KeySite site(final ValueContext ctx, final String key)
    {
        final long[] out = new long[2];
        ctx.newConstantString(key, out, 0);
        return new KeySite(out[0], key);
    }

    /** Finds {@code $class} into {@link #classHandle}; false when it is missing or not a string. */
    boolean findClass(final long metaH)
    {
        final long[] s = t;
        if (Values.type(metaH) != ValueDescriptor.TYPE_RECORD || !ctx.get(metaH, classSite, s, 0) ||
            Values.type(s[0]) != ValueDescriptor.TYPE_STRING)
        {
            return false;
        }
        classHandle = s[0];
        return true;
    }

    /** Copies the string found by {@link #findClass} into {@link #classBytes}. */
    void copyClass()
    {
        final int n = ctx.stringLength(classHandle);
        if (n > classBytes.length)
        {
            classBytes = new byte[Math.max(n, classBytes.length * 2)];
        }
        classLength = ctx.stringBytes(classHandle, classBytes, 0);
    }

    /** Copies {@code $class} into {@link #classBytes}; false when it is missing or not a string. */
    boolean readClass(final long metaH)
    {
        if (!findClass(metaH))
        {
            return false;
        }
        copyClass();
        return true;
    }

    /** Encodes {@code $dimensions} ({@code null} when missing) as compact JSON into {@link #dimBytes}. */
    void readDimensions(final long metaH)
    {
        final long[] s = t;
        if (Values.type(metaH) != ValueDescriptor.TYPE_RECORD || !ctx.get(metaH, dimensionsSite, s, 0))
        {
            final byte[] d = dimBytes;
            d[0] = 'n';
            d[1] = 'u';
            d[2] = 'l';
            d[3] = 'l';
            dimLength = 4;
            return;
        }
        if (Values.type(s[0]) == ValueDescriptor.TYPE_STRING && quoted(s[0]))
        {
            return;
        }
        sink.reset();
        writer.write(ctx, s[0], s[1], sink);
        final int n = (int)sink.position();
        if (n > dimBytes.length)
        {
            dimBytes = Arrays.copyOf(dimBytes, Math.max(n, dimBytes.length * 2));
        }
        dimLength = sink.copyTo(dimBytes, 0);
    }

    /** A string as JSON when it needs no escape (no byte below 0x20, no quote, no backslash); false otherwise. */
    private boolean quoted(final long handle)
    {
        final int n = ctx.stringLength(handle);
        if (n + 2 > dimBytes.length)
        {
            dimBytes = new byte[Math.max(n + 2, dimBytes.length * 2)];
        }
        final byte[] d = dimBytes;
        ctx.stringBytes(handle, d, 1);
        for (int i = 1; i <= n; i++)
        {
            final byte b = d[i];
            if (b >= 0 && b < 0x20 || b == '"' || b == '\\')
            {
                return false;
            }
        }
        d[0] = '"';
        d[n + 1] = '"';
        dimLength = n + 2;
        return true;
    }

    /** An unsigned integer setting of the metadata, {@code missing} when absent or not a non-negative integer. */
    long number(final long metaH, final KeySite key, final long missing)
    {
        final long[] s = t;
        if (Values.type(metaH) != ValueDescriptor.TYPE_RECORD || !ctx.get(metaH, key, s, 0))
        {
            return missing;
        }
        final int type = Values.type(s[0]);
        if (type == ValueDescriptor.TYPE_UINT || type == ValueDescriptor.TYPE_INT && s[1] >= 0)
        {
            return s[1];
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
