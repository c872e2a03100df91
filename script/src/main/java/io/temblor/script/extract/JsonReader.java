package io.temblor.script.extract;

import io.temblor.script.value.ValueContext;
import io.temblor.script.value.Values;

/**
 * A small recursive-descent JSON reader that builds values in the event arena (for the {@code json} extractor, whose
 * input is a string value and not a tape). Cold path; allocates.
 */
final class JsonReader
{
    private final ValueContext ctx;
    private final String s;
    private int pos;

    JsonReader(final ValueContext ctx, final String s)
    {
        this.ctx = ctx;
        this.s = s;
    }

    boolean read(final long[] out)
    {
        try
        {
            value(out, 0);
            ws();
            return pos == s.length();
        }
        catch (final IllegalArgumentException | IndexOutOfBoundsException ex)
        {
            return false;
        }
    }

    private void ws()
    {
        while (pos < s.length() && Character.isWhitespace(s.charAt(pos)))
        {
            pos++;
        }
    }

    private void value(final long[] out, final int at)
    {
        ws();
        final char c = s.charAt(pos);
        switch (c)
        {
            case '{' ->
            {
                pos++;
                ctx.newRecord(4, out, at);
                final long[] t = new long[4];
                ws();
                if (s.charAt(pos) == '}')
                {
                    pos++;
                    return;
                }
                while (true)
                {
                    ws();
                    ctx.newString(string(), t, 0);
                    ws();
                    expect(':');
                    value(t, 2);
                    ctx.put(out[at], t[0], t[2], t[3], out, at);
                    ws();
                    if (s.charAt(pos) == ',')
                    {
                        pos++;
                        continue;
                    }
                    expect('}');
                    return;
                }
            }
            case '[' ->
            {
                pos++;
                ctx.newArray(4, out, at);
                final long[] t = new long[2];
                ws();
                if (s.charAt(pos) == ']')
                {
                    pos++;
                    return;
                }
                while (true)
                {
                    value(t, 0);
                    ctx.push(out[at], t[0], t[1], out, at);
                    ws();
                    if (s.charAt(pos) == ',')
                    {
                        pos++;
                        continue;
                    }
                    expect(']');
                    return;
                }
            }
            case '"' -> ctx.newString(string(), out, at);
            case 't' -> literal("true", out, at, Values.BOOL, 1);
            case 'f' -> literal("false", out, at, Values.BOOL, 0);
            case 'n' -> literal("null", out, at, Values.NULL, 0);
            default -> number(out, at);
        }
    }

    private void literal(final String word, final long[] out, final int at, final long handle, final long bits)
    {
        if (!s.startsWith(word, pos))
        {
            throw new IllegalArgumentException("bad literal");
        }
        pos += word.length();
        out[at] = handle;
        out[at + 1] = bits;
    }

    private void number(final long[] out, final int at)
    {
        final int start = pos;
        while (pos < s.length() && "+-0123456789.eE".indexOf(s.charAt(pos)) >= 0)
        {
            pos++;
        }
        final String text = s.substring(start, pos);
        if (text.isEmpty())
        {
            throw new IllegalArgumentException("bad value");
        }
        if (text.contains(".") || text.contains("e") || text.contains("E"))
        {
            out[at] = Values.FLOAT;
            out[at + 1] = Double.doubleToRawLongBits(Double.parseDouble(text));
        }
        else
        {
            out[at] = Values.INT;
            out[at + 1] = Long.parseLong(text);
        }
    }

    private void expect(final char c)
    {
        if (s.charAt(pos) != c)
        {
            throw new IllegalArgumentException("expected " + c);
        }
        pos++;
    }

    private String string()
    {
        expect('"');
        final StringBuilder out = new StringBuilder();
        while (true)
        {
            final char c = s.charAt(pos++);
            if (c == '"')
            {
                return out.toString();
            }
            if (c == '\\')
            {
                final char d = s.charAt(pos++);
                switch (d)
                {
                    case 'n' -> out.append('\n');
                    case 't' -> out.append('\t');
                    case 'r' -> out.append('\r');
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'u' ->
                    {
                        out.append((char)Integer.parseInt(s.substring(pos, pos + 4), 16));
                        pos += 4;
                    }
                    default -> out.append(d);
                }
            }
            else
            {
                out.append(c);
            }
        }
    }
}
