package io.temblor.script.stdlib;

import io.temblor.json.JsonWriter;
import io.temblor.offheap.ByteSink;
import io.temblor.script.value.ValueContext;
import io.temblor.script.value.ValueWriter;
import io.temblor.script.value.Values;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static io.temblor.script.value.ValueDescriptor.TYPE_ARRAY;
import static io.temblor.script.value.ValueDescriptor.TYPE_BINARY;
import static io.temblor.script.value.ValueDescriptor.TYPE_RECORD;

/**
 * The JSON texts builtins produce besides the compact form: simd-json's pretty serializer ({@code json::encode_pretty}:
 * two spaces per level, {@code ": "}, binaries as byte arrays) and tremor-value's {@code sorted_serialize}
 * ({@code chash::sorted_serialize}: keys in byte order, binaries as quoted base64). Scalars are written as in the
 * compact form. Cold paths; they build Java strings.
 */
final class JsonText
{
    private static final int INDENT = 2;

    private JsonText()
    {
    }

    /**
     * simd-json's {@code to_string_pretty}.
     *
     * @param ctx the value's context.
     * @param h handle.
     * @param b bits.
     * @return the text.
     */
    static String pretty(final ValueContext ctx, final long h, final long b)
    {
        final StringBuilder out = new StringBuilder();
        pretty(ctx, h, b, 0, out);
        return out.toString();
    }

    private static void pretty(final ValueContext ctx, final long h, final long b, final int depth, final StringBuilder out)
    {
        switch (Values.type(h))
        {
            case TYPE_ARRAY ->
            {
                if (ctx.length(h) == 0)
                {
                    out.append("[]");
                    return;
                }
                out.append('[');
                final long[] s = new long[2];
                for (int p = ctx.first(h), i = 0; p >= 0; p = ctx.next(h, p), i++)
                {
                    ctx.entryValue(h, p, s, 0);
                    newLine(out.append(i > 0 ? "," : ""), depth + 1);
                    pretty(ctx, s[0], s[1], depth + 1, out);
                }
                newLine(out, depth).append(']');
            }
            case TYPE_RECORD ->
            {
                if (ctx.length(h) == 0)
                {
                    out.append("{}");
                    return;
                }
                out.append('{');
                final long[] s = new long[4];
                for (int p = ctx.first(h), i = 0; p >= 0; p = ctx.next(h, p), i++)
                {
                    ctx.entryKey(h, p, s, 0);
                    ctx.entryValue(h, p, s, 2);
                    newLine(out.append(i > 0 ? "," : ""), depth + 1);
                    JsonWriter.quote(string(ctx, s[0]), out).append(": ");
                    pretty(ctx, s[2], s[3], depth + 1, out);
                }
                newLine(out, depth).append('}');
            }
            case TYPE_BINARY ->
            {
                // serialize_bytes of the pretty serializer: one line of bytes, indented
                final int n = ctx.stringLength(h);
                out.append('[');
                if (n > 0)
                {
                    newLine(out, depth + 1);
                    for (int i = 0; i < n; i++)
                    {
                        out.append(i > 0 ? "," : "").append(ctx.stringByte(h, i) & 0xFF);
                    }
                    newLine(out, depth);
                }
                out.append(']');
            }
            default -> out.append(compact(ctx, h, b));
        }
    }

    private static StringBuilder newLine(final StringBuilder out, final int depth)
    {
        out.append('\n');
        for (int i = 0; i < depth * INDENT; i++)
        {
            out.append(' ');
        }
        return out;
    }

    /**
     * tremor-value's {@code sorted_serialize}.
     *
     * @param ctx the value's context.
     * @param h handle.
     * @param b bits.
     * @param out receives the text.
     */
    static void sorted(final ValueContext ctx, final long h, final long b, final StringBuilder out)
    {
        switch (Values.type(h))
        {
            case TYPE_ARRAY ->
            {
                out.append('[');
                final long[] s = new long[2];
                for (int p = ctx.first(h), i = 0; p >= 0; p = ctx.next(h, p), i++)
                {
                    ctx.entryValue(h, p, s, 0);
                    sorted(ctx, s[0], s[1], out.append(i > 0 ? "," : ""));
                }
                out.append(']');
            }
            case TYPE_RECORD ->
            {
                final List<byte[]> keys = new ArrayList<>(ctx.length(h));
                final long[] s = new long[4];
                for (int p = ctx.first(h); p >= 0; p = ctx.next(h, p))
                {
                    ctx.entryKey(h, p, s, 0);
                    final byte[] key = new byte[ctx.stringLength(s[0])];
                    ctx.stringBytes(s[0], key, 0);
                    keys.add(key);
                }
                // Rust sorts the keys as Strings: by their UTF-8 bytes
                keys.sort(Arrays::compareUnsigned);
                out.append('{');
                for (int i = 0; i < keys.size(); i++)
                {
                    final String key = new String(keys.get(i), StandardCharsets.UTF_8);
                    ctx.get(h, key, s, 2);
                    JsonWriter.quote(key, out.append(i > 0 ? "," : "")).append(':');
                    sorted(ctx, s[2], s[3], out);
                }
                out.append('}');
            }
            case TYPE_BINARY ->
            {
                final byte[] bytes = new byte[ctx.stringLength(h)];
                ctx.stringBytes(h, bytes, 0);
                out.append('"').append(java.util.Base64.getEncoder().encodeToString(bytes)).append('"');
            }
            default -> out.append(compact(ctx, h, b));
        }
    }

    /** A scalar or string as the compact writer writes it. */
    private static String compact(final ValueContext ctx, final long h, final long b)
    {
        try (ByteSink sink = new ByteSink(64))
        {
            new ValueWriter().write(ctx, h, b, sink);
            return new String(sink.toByteArray(), StandardCharsets.UTF_8);
        }
    }

    private static String string(final ValueContext ctx, final long h)
    {
        final byte[] bytes = new byte[ctx.stringLength(h)];
        ctx.stringBytes(h, bytes, 0);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
