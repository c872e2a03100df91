package io.temblor.script.extract;

import io.temblor.script.value.ValueContext;
import io.temblor.script.value.Values;

import java.nio.charset.StandardCharsets;

/**
 * A strict recursive-descent JSON reader (RFC 8259, as simd-json accepts it: JSON whitespace only, numbers without
 * leading zeros, integers up to u64, valid escapes and surrogate pairs, nothing after the value) that builds values in
 * the event arena, for the {@code json} extractor and {@code json::decode}, whose input is a string value and not a
 * tape. Errors name the problem and the byte offset in simd-json's style ({@code InvalidNumber at character 3}), not
 * with simd-json's exact wording. Cold path; allocates.
 */
public final class JsonReader
{
    private static final int MAX_DEPTH = 1024;

    private final ValueContext ctx;
    private final byte[] s;
    private int pos;

    private JsonReader(final ValueContext ctx, final byte[] s)
    {
        this.ctx = ctx;
        this.s = s;
    }

    /**
     * Reads one JSON document.
     *
     * @param ctx where the values go.
     * @param json the UTF-8 text.
     * @param out receives the value's handle and bits.
     * @param at index of the handle in {@code out}.
     * @return null, or why the text is not JSON.
     */
    public static String read(final ValueContext ctx, final byte[] json, final long[] out, final int at)
    {
        final JsonReader reader = new JsonReader(ctx, json);
        try
        {
            reader.ws();
            reader.value(out, at, 0);
            reader.ws();
            if (reader.pos != json.length)
            {
                throw reader.error("TrailingData");
            }
            return null;
        }
        catch (final SyntaxError ex)
        {
            return ex.getMessage();
        }
    }

    /** A JSON syntax error (cold path; no stack trace). */
    private static final class SyntaxError extends RuntimeException
    {
        private static final long serialVersionUID = 1L;

        SyntaxError(final String message)
        {
            super(message, null, false, false);
        }
    }

    private SyntaxError error(final String type)
    {
        if (pos >= s.length)
        {
            return new SyntaxError(type + " at character " + pos);
        }
        final int c = s[pos] & 0xFF;
        return new SyntaxError(type + " at character " + pos + " ('" + (c < 0x80 ? String.valueOf((char)c) : "?") + "')");
    }

    private int peek()
    {
        if (pos >= s.length)
        {
            throw error("Eof");
        }
        return s[pos] & 0xFF;
    }

    private void ws()
    {
        while (pos < s.length && (s[pos] == ' ' || s[pos] == '\t' || s[pos] == '\n' || s[pos] == '\r'))
        {
            pos++;
        }
    }

    private void value(final long[] out, final int at, final int depth)
    {
        if (depth > MAX_DEPTH)
        {
            throw error("Depth");
        }
        switch (peek())
        {
            case '{' -> record(out, at, depth);
            case '[' -> array(out, at, depth);
            case '"' ->
            {
                final byte[] text = string();
                ctx.newString(text, 0, text.length, out, at);
            }
            case 't' -> literal("true", out, at, Values.BOOL, 1);
            case 'f' -> literal("false", out, at, Values.BOOL, 0);
            case 'n' -> literal("null", out, at, Values.NULL, 0);
            default -> number(out, at);
        }
    }

    private void record(final long[] out, final int at, final int depth)
    {
        pos++;
        ctx.newRecord(4, out, at);
        final long[] t = new long[4];
        ws();
        if (peek() == '}')
        {
            pos++;
            return;
        }
        while (true)
        {
            ws();
            if (peek() != '"')
            {
                throw error("ExpectedString");
            }
            final byte[] key = string();
            ctx.newString(key, 0, key.length, t, 0);
            ws();
            if (peek() != ':')
            {
                throw error("ExpectedObjectColon");
            }
            pos++;
            ws();
            value(t, 2, depth + 1);
            ctx.put(out[at], t[0], t[2], t[3], out, at);
            ws();
            final int c = peek();
            pos++;
            if (c == '}')
            {
                return;
            }
            if (c != ',')
            {
                pos--;
                throw error("ExpectedObjectComma");
            }
        }
    }

    private void array(final long[] out, final int at, final int depth)
    {
        pos++;
        ctx.newArray(4, out, at);
        final long[] t = new long[2];
        ws();
        if (peek() == ']')
        {
            pos++;
            return;
        }
        while (true)
        {
            ws();
            value(t, 0, depth + 1);
            ctx.push(out[at], t[0], t[1], out, at);
            ws();
            final int c = peek();
            pos++;
            if (c == ']')
            {
                return;
            }
            if (c != ',')
            {
                pos--;
                throw error("ExpectedArrayComma");
            }
        }
    }

    private void literal(final String word, final long[] out, final int at, final long handle, final long bits)
    {
        for (int i = 0; i < word.length(); i++)
        {
            if (pos + i >= s.length || s[pos + i] != word.charAt(i))
            {
                throw error("ExpectedLiteral");
            }
        }
        pos += word.length();
        out[at] = handle;
        out[at + 1] = bits;
    }

    private void number(final long[] out, final int at)
    {
        final int start = pos;
        if (pos < s.length && s[pos] == '-')
        {
            pos++;
        }
        final int intStart = pos;
        if (pos < s.length && s[pos] == '0')
        {
            pos++;
        }
        else
        {
            digits();
        }
        if (pos == intStart)
        {
            pos = start;
            throw error("InvalidNumber");
        }
        boolean floating = false;
        if (pos < s.length && s[pos] == '.')
        {
            pos++;
            floating = true;
            if (digits() == 0)
            {
                throw error("InvalidNumber");
            }
        }
        if (pos < s.length && (s[pos] == 'e' || s[pos] == 'E'))
        {
            pos++;
            floating = true;
            if (pos < s.length && (s[pos] == '+' || s[pos] == '-'))
            {
                pos++;
            }
            if (digits() == 0)
            {
                throw error("InvalidNumber");
            }
        }
        final String text = new String(s, start, pos - start, StandardCharsets.US_ASCII);
        if (floating)
        {
            final double d = Double.parseDouble(text);
            if (Double.isInfinite(d))
            {
                pos = start;
                throw error("InvalidNumber");
            }
            out[at] = Values.FLOAT;
            out[at + 1] = Double.doubleToRawLongBits(d);
            return;
        }
        try
        {
            out[at + 1] = Long.parseLong(text);
            out[at] = Values.INT;
        }
        catch (final NumberFormatException ex)
        {
            try
            {
                out[at + 1] = Long.parseUnsignedLong(text);
                out[at] = Values.UINT;
            }
            catch (final NumberFormatException notUnsigned)
            {
                pos = start;
                throw error("InvalidNumber");
            }
        }
    }

    private int digits()
    {
        final int start = pos;
        while (pos < s.length && s[pos] >= '0' && s[pos] <= '9')
        {
            pos++;
        }
        return pos - start;
    }

    private byte[] string()
    {
        pos++;
        final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        while (true)
        {
            final int c = peek();
            if (c == '"')
            {
                pos++;
                return out.toByteArray();
            }
            if (c != '\\')
            {
                out.write(c);
                pos++;
                continue;
            }
            pos++;
            final int d = peek();
            pos++;
            switch (d)
            {
                case '"', '\\', '/' -> out.write(d);
                case 'b' -> out.write('\b');
                case 'f' -> out.write('\f');
                case 'n' -> out.write('\n');
                case 'r' -> out.write('\r');
                case 't' -> out.write('\t');
                case 'u' ->
                {
                    int cp = hex4();
                    if (Character.isHighSurrogate((char)cp))
                    {
                        if (pos + 1 >= s.length || s[pos] != '\\' || s[pos + 1] != 'u')
                        {
                            throw error("InvalidUnicodeCodepoint");
                        }
                        pos += 2;
                        final int low = hex4();
                        if (!Character.isLowSurrogate((char)low))
                        {
                            throw error("InvalidUnicodeCodepoint");
                        }
                        cp = Character.toCodePoint((char)cp, (char)low);
                    }
                    else if (Character.isLowSurrogate((char)cp))
                    {
                        throw error("InvalidUnicodeCodepoint");
                    }
                    final byte[] utf8 = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
                    out.write(utf8, 0, utf8.length);
                }
                default ->
                {
                    pos--;
                    throw error("InvalidEscape");
                }
            }
        }
    }

    private int hex4()
    {
        int v = 0;
        for (int i = 0; i < 4; i++)
        {
            final int d = Character.digit(peek(), 16);
            if (d < 0)
            {
                throw error("InvalidUnicodeEscape");
            }
            v = v * 16 + d;
            pos++;
        }
        return v;
    }
}
