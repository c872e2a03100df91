package io.temblor.script.extract;

import io.temblor.script.error.Span;
import io.temblor.script.runtime.Env;
import io.temblor.script.value.ValueContext;
import io.temblor.script.value.Values;

/**
 * {@code influx||}: parses an InfluxDB line-protocol line into {@code {"measurement", "tags", "fields", "timestamp"}}
 * (floats by default, {@code i}/{@code u} suffixed integers, quoted strings, booleans).
 */
final class Influx extends Extractor
{
    private String s;
    private int pos;

    Influx(final Span span)
    {
        super(span);
    }

    @Override
    protected boolean extract(final Env e, final String line, final int out)
    {
        // the node is shared by instances: parse with a private state object
        return new Influx(span).parse(e, line, out);
    }

    private boolean parse(final Env e, final String line, final int out)
    {
        s = line;
        pos = 0;
        final ValueContext ctx = e.ctx;
        final long[] t = new long[8];
        try
        {
            final String measurement = token(",  ");
            if (measurement.isEmpty())
            {
                return false;
            }
            ctx.newRecord(4, t, 0);
            if (pos < s.length() && s.charAt(pos) == ',')
            {
                pos++;
                while (true)
                {
                    final String key = token("=");
                    pos++;
                    final String value = token(", ");
                    ctx.newString(key, t, 4);
                    ctx.newString(value, t, 6);
                    ctx.put(t[0], t[4], t[6], 0, t, 0);
                    if (pos < s.length() && s.charAt(pos) == ',')
                    {
                        pos++;
                        continue;
                    }
                    break;
                }
            }
            if (pos >= s.length() || s.charAt(pos) != ' ')
            {
                return false;
            }
            pos++;
            ctx.newRecord(4, t, 2);
            while (true)
            {
                final String key = token("=");
                if (pos >= s.length())
                {
                    return false;
                }
                pos++;
                ctx.newString(key, t, 4);
                fieldValue(ctx, t, 6);
                ctx.put(t[2], t[4], t[6], t[7], t, 2);
                if (pos < s.length() && s.charAt(pos) == ',')
                {
                    pos++;
                    continue;
                }
                break;
            }
            long timestamp = 0;
            if (pos < s.length())
            {
                if (s.charAt(pos) != ' ')
                {
                    return false;
                }
                timestamp = Long.parseLong(s.substring(pos + 1).strip());
            }
            if (out >= 0)
            {
                ctx.newRecord(4, e.regs, out);
                put(ctx, e, out, "measurement", 0, 0, measurement);
                put(ctx, e, out, "tags", t[0], 0, null);
                put(ctx, e, out, "fields", t[2], 0, null);
                put(ctx, e, out, "timestamp", Values.INT, timestamp, null);
            }
            return true;
        }
        catch (final RuntimeException ex)
        {
            return false;
        }
    }

    private static void put(final ValueContext ctx, final Env e, final int out, final String key, final long h, final long b,
        final String text)
    {
        final long[] k = new long[4];
        ctx.newString(key, k, 0);
        if (null != text)
        {
            ctx.newString(text, k, 2);
            ctx.put(e.regs[out], k[0], k[2], 0, e.regs, out);
        }
        else
        {
            ctx.put(e.regs[out], k[0], h, b, e.regs, out);
        }
    }

    private String token(final String stops)
    {
        final StringBuilder out = new StringBuilder();
        while (pos < s.length())
        {
            final char c = s.charAt(pos);
            if (c == '\\' && pos + 1 < s.length())
            {
                out.append(s.charAt(pos + 1));
                pos += 2;
                continue;
            }
            if (stops.indexOf(c) >= 0)
            {
                break;
            }
            out.append(c);
            pos++;
        }
        return out.toString();
    }

    private void fieldValue(final ValueContext ctx, final long[] t, final int at)
    {
        if (s.charAt(pos) == '"')
        {
            pos++;
            final StringBuilder out = new StringBuilder();
            while (s.charAt(pos) != '"')
            {
                if (s.charAt(pos) == '\\')
                {
                    pos++;
                }
                out.append(s.charAt(pos++));
            }
            pos++;
            ctx.newString(out.toString(), t, at);
            return;
        }
        final String raw = token(", ");
        switch (raw)
        {
            case "t", "T", "true", "True", "TRUE" -> set(t, at, Values.BOOL, 1);
            case "f", "F", "false", "False", "FALSE" -> set(t, at, Values.BOOL, 0);
            default ->
            {
                if (raw.endsWith("i"))
                {
                    set(t, at, Values.INT, Long.parseLong(raw.substring(0, raw.length() - 1)));
                }
                else if (raw.endsWith("u"))
                {
                    final long v = Long.parseUnsignedLong(raw.substring(0, raw.length() - 1));
                    set(t, at, Values.unsignedHandle(v), v);
                }
                else
                {
                    set(t, at, Values.FLOAT, Double.doubleToRawLongBits(Double.parseDouble(raw)));
                }
            }
        }
    }

    private static void set(final long[] t, final int at, final long h, final long b)
    {
        t[at] = h;
        t[at + 1] = b;
    }
}
