package io.temblor.engine.runtime;

import io.temblor.json.JsonError;
import io.temblor.json.JsonParser;
import io.temblor.script.value.Arena;
import io.temblor.script.value.ValueContext;
import io.temblor.script.value.ValueDescriptor;
import io.temblor.script.value.Values;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Connector configuration (kept as JSON text by the troy compiler) as plain Java values: records as maps, arrays as
 * lists, integers as {@code Long}, floats as {@code Double}. Deployment time only; allocates freely.
 */
final class JsonConfig
{
    private JsonConfig()
    {
    }

    /**
     * The value of a JSON text.
     *
     * @param json the text, or null.
     * @return the value; an empty map for null or invalid text.
     */
    static Object parse(final String json)
    {
        if (null == json)
        {
            return Map.of();
        }
        final byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        try (JsonParser parser = new JsonParser(); Arena arena = new Arena(4096))
        {
            if (parser.parse(bytes, 0, bytes.length) != JsonError.OK)
            {
                return Map.of();
            }
            final ValueContext ctx = new ValueContext(arena);
            ctx.event(parser.tape());
            final long[] v = new long[2];
            ctx.root(v, 0);
            return java(ctx, v[0], v[1]);
        }
    }

    /**
     * A field of a record value.
     *
     * @param value a parsed value.
     * @param key the field.
     * @return the field's value, or null.
     */
    static Object field(final Object value, final String key)
    {
        return value instanceof Map<?, ?> m ? m.get(key) : null;
    }

    static long number(final Object value, final long missing)
    {
        return value instanceof Number n ? n.longValue() : missing;
    }

    static String text(final Object value, final String missing)
    {
        return value instanceof String s ? s : missing;
    }

    private static Object java(final ValueContext ctx, final long h, final long b)
    {
        return switch (Values.type(h))
        {
            case ValueDescriptor.TYPE_NULL -> null;
            case ValueDescriptor.TYPE_BOOL -> b != 0;
            case ValueDescriptor.TYPE_INT, ValueDescriptor.TYPE_UINT -> b;
            case ValueDescriptor.TYPE_FLOAT -> Values.doubleValue(b);
            case ValueDescriptor.TYPE_STRING, ValueDescriptor.TYPE_BINARY ->
            {
                final byte[] text = new byte[ctx.stringLength(h)];
                ctx.stringBytes(h, text, 0);
                yield new String(text, StandardCharsets.UTF_8);
            }
            case ValueDescriptor.TYPE_ARRAY ->
            {
                final List<Object> list = new ArrayList<>();
                final long[] t = new long[2];
                for (int i = 0; i < ctx.length(h); i++)
                {
                    ctx.element(h, i, t, 0);
                    list.add(java(ctx, t[0], t[1]));
                }
                yield list;
            }
            default ->
            {
                final Map<String, Object> map = new LinkedHashMap<>();
                final long[] t = new long[4];
                for (int p = ctx.first(h); p >= 0; p = ctx.next(h, p))
                {
                    ctx.entryKey(h, p, t, 0);
                    ctx.entryValue(h, p, t, 2);
                    map.put((String)java(ctx, t[0], t[1]), java(ctx, t[2], t[3]));
                }
                yield map;
            }
        };
    }
}
