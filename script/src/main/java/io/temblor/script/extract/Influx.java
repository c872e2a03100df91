package io.temblor.script.extract;

import io.temblor.script.error.Span;
import io.temblor.script.runtime.Env;
import io.temblor.script.value.ValueContext;
import io.temblor.script.value.Values;

import java.util.function.IntPredicate;

/**
 * {@code influx||}: parses an InfluxDB line-protocol line into {@code {"measurement", "tags", "fields", "timestamp"}},
 * ported from tremor-influx's decoder: the line is trimmed, empty lines and {@code #} comments do not match, field values
 * are floats, {@code i}-suffixed integers, quoted strings or booleans, a backslash escapes a separator (and is kept
 * before anything else), and a line without a timestamp gets the ingest time. Cold path; builds Java strings.
 */
final class Influx extends Extractor
{
    /** A line that does not parse (Tremor's decoder error); cold, no stack trace. */
    private static final class Malformed extends RuntimeException
    {
        private static final long serialVersionUID = 1L;

        Malformed()
        {
            super(null, null, false, false);
        }
    }

    private static final Malformed MALFORMED = new Malformed();

    /** A parsed token and how far the input was read (tremor-influx's {@code (value, index)} pairs). */
    private record Token(String text, int index)
    {
    }

    /** A parsed field value, the separator after it (or -1 at the end) and how far the input was read. */
    private record Field(long handle, long bits, String text, int separator, int index)
    {
    }

    Influx(final Span span)
    {
        super(span);
    }

    @Override
    protected boolean extract(final Env e, final String line, final int out)
    {
        final ValueContext ctx = e.ctx;
        String data = trim(line);
        if (data.isEmpty() || data.startsWith("#"))
        {
            return false;
        }
        final long[] t = new long[8];
        final Token measurement;
        final long timestamp;
        try
        {
            measurement = parseTo(data, c -> c == ',' || c == ' ');
            data = rest(data, measurement.index());
            int tagsEnd = 0;
            ctx.newRecord(4, t, 0);
            if (data.startsWith(","))
            {
                data = data.substring(1);
                tagsEnd = parseTags(ctx, data, t, 0);
            }
            data = rest(data, tagsEnd);
            if (!data.isEmpty())
            {
                data = rest(data, 1);
            }
            ctx.newRecord(4, t, 2);
            final int fieldsEnd = parseFields(ctx, data, t, 2);
            data = rest(data, fieldsEnd);
            timestamp = data.isEmpty() ? ingestNs() : unsigned(data);
        }
        catch (final Malformed | NumberFormatException ex)
        {
            return false;
        }
        if (out >= 0)
        {
            ctx.newRecord(4, e.regs, out);
            ctx.newString("measurement", t, 4);
            ctx.newString(measurement.text(), t, 6);
            ctx.put(e.regs[out], t[4], t[6], 0, e.regs, out);
            ctx.newString("tags", t, 4);
            ctx.put(e.regs[out], t[4], t[0], 0, e.regs, out);
            ctx.newString("fields", t, 4);
            ctx.put(e.regs[out], t[4], t[2], 0, e.regs, out);
            ctx.newString("timestamp", t, 4);
            ctx.put(e.regs[out], t[4], Values.unsignedHandle(timestamp), timestamp, e.regs, out);
        }
        return true;
    }

    /** Rust's {@code str::trim}: Unicode white space off both ends. */
    private static String trim(final String s)
    {
        int from = 0;
        int to = s.length();
        while (from < to && Strftime.isWhiteSpace(s.codePointAt(from)))
        {
            from += Character.charCount(s.codePointAt(from));
        }
        while (to > from && Strftime.isWhiteSpace(s.codePointBefore(to)))
        {
            to -= Character.charCount(s.codePointBefore(to));
        }
        return s.substring(from, to);
    }

    /** The event's ingest time, as Tremor stamps lines without a timestamp: now, in nanoseconds since the epoch. */
    private static long ingestNs()
    {
        final java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    private static String rest(final String data, final int start)
    {
        if (start > data.length())
        {
            throw MALFORMED;
        }
        return data.substring(start);
    }

    private static int find(final String input, final IntPredicate p)
    {
        for (int i = 0; i < input.length(); i++)
        {
            if (p.test(input.charAt(i)))
            {
                return i;
            }
        }
        return -1;
    }

    /** parse_to: up to the first char p accepts; a backslash escapes the next char (kept before other chars). */
    private static Token parseTo(final String in, final IntPredicate p)
    {
        final IntPredicate search = c -> p.test(c) || c == '\\';
        final int idx = find(in, search);
        if (idx < 0)
        {
            throw MALFORMED;
        }
        if (in.charAt(idx) != '\\')
        {
            return new Token(in.substring(0, idx), idx);
        }
        final StringBuilder res = new StringBuilder(in.substring(0, idx));
        String input = in.substring(idx + 1);
        int offset = idx + 2;
        while (true)
        {
            if (input.isEmpty() || !search.test(input.charAt(0)))
            {
                res.append('\\');
            }
            if (!input.isEmpty())
            {
                res.append(input.charAt(0));
                input = input.substring(1);
            }
            final int i = find(input, search);
            if (i < 0)
            {
                throw MALFORMED;
            }
            offset += i;
            res.append(input, 0, i);
            input = input.substring(i);
            if (input.charAt(0) != '\\')
            {
                return new Token(res.toString(), offset);
            }
            input = input.substring(1);
            offset += 2;
        }
    }

    private static int parseTags(final ValueContext ctx, final String in, final long[] t, final int at)
    {
        String input = in;
        int offset = 0;
        final long[] kv = new long[4];
        while (true)
        {
            final Token key = parseTo(input, c -> c == '=' || c == ' ' || c == ',');
            offset += key.index() + 1;
            input = rest(input, key.index());
            if (!input.startsWith("="))
            {
                throw MALFORMED;
            }
            input = input.substring(1);
            final Token value = parseTo(input, c -> c == ' ' || c == ',');
            offset += value.index();
            input = rest(input, value.index());
            ctx.newString(key.text(), kv, 0);
            ctx.newString(value.text(), kv, 2);
            ctx.put(t[at], kv[0], kv[2], 0, t, at);
            if (input.startsWith(" "))
            {
                return offset;
            }
            input = input.substring(1);
            offset += 1;
        }
    }

    private static int parseFields(final ValueContext ctx, final String in, final long[] t, final int at)
    {
        String input = in;
        int offset = 0;
        final long[] kv = new long[4];
        while (true)
        {
            final Token key = parseTo(input, c -> c == '=');
            input = rest(input, key.index() + 1);
            offset += key.index() + 1;
            final Field value = parseValue(input);
            input = rest(input, value.index() + 1);
            offset += value.index() + 1;
            ctx.newString(key.text(), kv, 0);
            if (null != value.text())
            {
                ctx.newString(value.text(), kv, 2);
            }
            else
            {
                kv[2] = value.handle();
                kv[3] = value.bits();
            }
            ctx.put(t[at], kv[0], kv[2], kv[3], t, at);
            if (value.separator() != ',')
            {
                return offset;
            }
        }
    }

    private static Field parseValue(final String input)
    {
        if (input.startsWith("\""))
        {
            final String rest = input.substring(1);
            final Token s = parseTo(rest, c -> c == '"');
            final String after = rest(rest, s.index() + 1);
            if (after.isEmpty())
            {
                return new Field(0, 0, s.text(), -1, s.index() + 1);
            }
            if (after.charAt(0) == ' ' || after.charAt(0) == ',')
            {
                return new Field(0, 0, s.text(), after.charAt(0), s.index() + 2);
            }
            throw MALFORMED;
        }
        if (input.isEmpty() || input.startsWith(" "))
        {
            throw MALFORMED;
        }
        final int idx = find(input, c -> c == ',' || c == ' ' || c == '\\');
        if (idx < 0)
        {
            return value(input, -1, input.length() - 1);
        }
        if (input.charAt(idx) == '\\')
        {
            // escaped field values: tremor-influx reads them, but reports an index relative to the escape, so
            // what follows is misread; such lines are not matched here
            throw MALFORMED;
        }
        return value(input.substring(0, idx), input.charAt(idx), idx);
    }

    /** to_value: booleans, {@code i}-suffixed integers (u64, or i64 when negative), floats. */
    private static Field value(final String s, final int separator, final int index)
    {
        switch (s)
        {
            case "t", "T", "true", "True", "TRUE":
                return new Field(Values.BOOL, 1, null, separator, index);
            case "f", "F", "false", "False", "FALSE":
                return new Field(Values.BOOL, 0, null, separator, index);
            default:
                break;
        }
        if (s.endsWith("i"))
        {
            final String digits = s.substring(0, s.length() - 1);
            if (digits.startsWith("-"))
            {
                final long[] v = new long[1];
                if (null != Numbers.parseLong(digits, v))
                {
                    throw MALFORMED;
                }
                return new Field(Values.INT, v[0], null, separator, index);
            }
            final long v = unsigned(digits);
            return new Field(Values.unsignedHandle(v), v, null, separator, index);
        }
        final long[] v = new long[1];
        if (null != Numbers.parseDouble(s, v))
        {
            throw MALFORMED;
        }
        return new Field(Values.FLOAT, v[0], null, separator, index);
    }

    /** A u64 of ASCII digits (an optional {@code +}). */
    private static long unsigned(final String s)
    {
        final String digits = s.startsWith("+") ? s.substring(1) : s;
        if (digits.isEmpty() || !digits.chars().allMatch(c -> c >= '0' && c <= '9'))
        {
            throw MALFORMED;
        }
        return Long.parseUnsignedLong(digits);
    }
}
