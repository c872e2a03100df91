package io.temblor.engine.codec;

import io.temblor.json.NumberWriter;
import io.temblor.offheap.ByteSink;
import io.temblor.script.value.ValueContext;
import io.temblor.script.value.ValueDescriptor;
import io.temblor.script.value.Values;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Tremor's {@code influx} codec (line protocol, {@code tremor-influx}): a line decodes to
 * {@code {"measurement", "tags", "fields", "timestamp"}} following Tremor's decoder escape for escape (a backslash
 * before a delimiter of the token being read is dropped, before anything else kept); fields are floats unless
 * suffixed {@code i}, {@code t/T/true/True/TRUE} and the false forms are booleans, quoted values strings; a missing
 * timestamp is the ingest time; empty and {@code #} lines are {@link #NO_VALUE}. Encode sorts tags and fields by key,
 * skips non-string tags, writes integers with {@code i}, floats in shortest form ({@code 82.0}) and needs a
 * non-negative integer timestamp. Allocation-free except for floats with 18 or more significant digits or exponents
 * beyond 1e22 (parsed by the JDK).
 */
final class InfluxCodec extends AbstractCodec
{
    private static final int MEASUREMENT = 0;
    private static final int TAG_KEY = 1;
    private static final int TAG_VALUE = 2;
    private static final int FIELD_KEY = 3;
    private static final int STRING = 4;

    private static final byte[] K_MEASUREMENT = "measurement".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] K_TAGS = "tags".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] K_FIELDS = "fields".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] K_TIMESTAMP = "timestamp".getBytes(StandardCharsets.US_ASCII);

    private final Bytes tok = new Bytes(256);
    private final boolean[] ok = new boolean[1];
    /** Value slots: 0 record, 2 tags, 4 fields, 6 key, 8 value, 10 scratch. */
    private final long[] v = new long[12];
    private long[] keys = new long[32];
    private int[] positions = new int[32];
    private byte[] scratch = new byte[256];
    private final byte[] number = new byte[NumberWriter.MAX_DOUBLE_LENGTH + 2];

    @Override
    public String name()
    {
        return "influx";
    }

    private static boolean isDelimiter(final int c, final int kind)
    {
        return switch (kind)
        {
            case MEASUREMENT -> c == ',' || c == ' ';
            case TAG_KEY -> c == '=' || c == ' ' || c == ',';
            case TAG_VALUE -> c == ' ' || c == ',';
            case FIELD_KEY -> c == '=';
            default -> c == '"';
        };
    }

    /** Reads a token into {@link #tok} up to a delimiter of {@code kind}; returns its position, or a negative code. */
    private int parseTo(final byte[] b, final int from, final int end, final int kind)
    {
        final Bytes t = tok;
        t.clear();
        int run = from;
        int i = from;
        while (i < end)
        {
            final byte c = b[i];
            if (c == '\\')
            {
                t.add(b, run, i - run);
                i++;
                if (i >= end)
                {
                    return -1;
                }
                final byte n = b[i];
                if (n < 0)
                {
                    // Tremor miscounts offsets after an escaped multi-byte char; reject instead
                    return -2;
                }
                if (n != '\\' && !isDelimiter(n, kind))
                {
                    t.add('\\');
                }
                t.add(n);
                i++;
                run = i;
            }
            else if (isDelimiter(c, kind))
            {
                t.add(b, run, i - run);
                return i;
            }
            else
            {
                i++;
            }
        }
        return -1;
    }

    private int tokenError(final int code, final int at, final int base)
    {
        return fail(code == -2 ? "escaped non-ASCII character" : "unexpected end of input", at - base);
    }

    @Override
    public int decode(final ValueContext ctx, final byte[] b, final int offset, final int length, final long ingestNs,
        final long[] out, final int at)
    {
        if (checkText(b, offset, length) != OK)
        {
            return ERROR;
        }
        int p = offset;
        int end = offset + length;
        while (p < end && isSpace(b[p]))
        {
            p++;
        }
        while (end > p && isSpace(b[end - 1]))
        {
            end--;
        }
        if (p == end || b[p] == '#')
        {
            return NO_VALUE;
        }
        final long[] g = v;
        int d = parseTo(b, p, end, MEASUREMENT);
        if (d < 0)
        {
            return tokenError(d, p, offset);
        }
        ctx.newRecord(4, g, 0);
        ctx.newString(K_MEASUREMENT, 0, K_MEASUREMENT.length, g, 6);
        ctx.newString(tok.data, 0, tok.length, g, 8);
        ctx.append(g[0], g[6], g[8], g[9], g, 0);
        ctx.newRecord(4, g, 2);
        p = d;
        if (b[p] == ',')
        {
            p++;
            while (true)
            {
                d = parseTo(b, p, end, TAG_KEY);
                if (d < 0)
                {
                    return tokenError(d, p, offset);
                }
                if (b[d] != '=')
                {
                    return fail("missing tag value", d - offset);
                }
                ctx.newString(tok.data, 0, tok.length, g, 6);
                p = d + 1;
                d = parseTo(b, p, end, TAG_VALUE);
                if (d < 0)
                {
                    return tokenError(d, p, offset);
                }
                ctx.newString(tok.data, 0, tok.length, g, 8);
                ctx.put(g[2], g[6], g[8], g[9], g, 2);
                p = d;
                if (b[p] == ' ')
                {
                    break;
                }
                p++;
            }
        }
        // the space before the fields
        p++;
        ctx.newRecord(8, g, 4);
        while (true)
        {
            d = parseTo(b, p, end, FIELD_KEY);
            if (d < 0)
            {
                return tokenError(d, p, offset);
            }
            ctx.newString(tok.data, 0, tok.length, g, 6);
            p = d + 1;
            final int c;
            if (p < end && b[p] == '"')
            {
                d = parseTo(b, p + 1, end, STRING);
                if (d < 0)
                {
                    return tokenError(d, p, offset);
                }
                ctx.newString(tok.data, 0, tok.length, g, 8);
                p = d + 1;
                if (p == end)
                {
                    c = -1;
                }
                else if (b[p] == ' ' || b[p] == ',')
                {
                    c = b[p++];
                }
                else
                {
                    return fail("trailing character after a string field", p - offset);
                }
            }
            else if (p >= end || b[p] == ' ')
            {
                return fail("unexpected end of field value", p - offset);
            }
            else
            {
                int j = p;
                while (j < end && b[j] != ',' && b[j] != ' ' && b[j] != '\\')
                {
                    j++;
                }
                if (j < end && b[j] == '\\')
                {
                    return fail("backslash in an unquoted field value", j - offset);
                }
                if (toValue(b, p, j) != OK)
                {
                    return fail("invalid field value", p - offset);
                }
                c = j < end ? b[j] : -1;
                p = j < end ? j + 1 : end;
            }
            ctx.put(g[4], g[6], g[8], g[9], g, 4);
            if (c != ',')
            {
                break;
            }
        }
        ctx.newString(K_TAGS, 0, K_TAGS.length, g, 6);
        ctx.append(g[0], g[6], g[2], 0, g, 0);
        ctx.newString(K_FIELDS, 0, K_FIELDS.length, g, 6);
        ctx.append(g[0], g[6], g[4], 0, g, 0);
        long ts = ingestNs;
        if (p < end)
        {
            ts = Numbers.parseU64(b, p, end, ok);
            if (!ok[0])
            {
                return fail("invalid timestamp", p - offset);
            }
        }
        ctx.newString(K_TIMESTAMP, 0, K_TIMESTAMP.length, g, 6);
        ctx.append(g[0], g[6], ts < 0 ? Values.UINT : Values.INT, ts, g, 0);
        out[at] = g[0];
        out[at + 1] = 0;
        return ok();
    }

    private static boolean isSpace(final byte c)
    {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x0B || c == 0x0C;
    }

    /** Tremor's {@code to_value}: into {@code v[8], v[9]}. */
    private int toValue(final byte[] b, final int from, final int to)
    {
        final long[] g = v;
        final int n = to - from;
        final byte c0 = b[from];
        if (n == 1 && (c0 == 't' || c0 == 'T') || is(b, from, n, "true") || is(b, from, n, "True") ||
            is(b, from, n, "TRUE"))
        {
            g[8] = Values.BOOL;
            g[9] = 1;
            return OK;
        }
        if (n == 1 && (c0 == 'f' || c0 == 'F') || is(b, from, n, "false") || is(b, from, n, "False") ||
            is(b, from, n, "FALSE"))
        {
            g[8] = Values.BOOL;
            g[9] = 0;
            return OK;
        }
        if (b[to - 1] == 'i')
        {
            final boolean negative = c0 == '-';
            final long u = Numbers.parseU64(b, negative ? from + 1 : from, to - 1, ok);
            if (!ok[0])
            {
                return ERROR;
            }
            if (negative)
            {
                if (Long.compareUnsigned(u, Long.MIN_VALUE) > 0)
                {
                    return ERROR;
                }
                g[8] = Values.INT;
                g[9] = -u;
            }
            else
            {
                g[8] = u < 0 ? Values.UINT : Values.INT;
                g[9] = u;
            }
            return OK;
        }
        final double d = Numbers.parseDouble(b, from, to, ok);
        if (!ok[0])
        {
            return ERROR;
        }
        g[8] = Values.FLOAT;
        g[9] = Double.doubleToRawLongBits(d);
        return OK;
    }

    private static boolean is(final byte[] b, final int from, final int n, final String word)
    {
        if (n != word.length())
        {
            return false;
        }
        for (int i = 0; i < n; i++)
        {
            if (b[from + i] != word.charAt(i))
            {
                return false;
            }
        }
        return true;
    }

    @Override
    public int encode(final ValueContext ctx, final long handle, final long bits, final ByteSink sink)
    {
        final long start = sink.position();
        return rollBackUnlessOk(sink, start, write(ctx, handle, sink));
    }

    private int write(final ValueContext ctx, final long handle, final ByteSink sink)
    {
        final long[] g = v;
        if (Values.type(handle) != ValueDescriptor.TYPE_RECORD)
        {
            return fail("not a record", -1);
        }
        if (!ctx.get(handle, K_MEASUREMENT, g, 0))
        {
            return fail("missing field: measurement", -1);
        }
        if (Values.type(g[0]) != ValueDescriptor.TYPE_STRING)
        {
            return fail("measurement is not a string", -1);
        }
        writeEscaped(ctx, g[0], sink, false);
        if (!ctx.get(handle, K_TAGS, g, 2))
        {
            return fail("missing field: tags", -1);
        }
        if (Values.type(g[2]) != ValueDescriptor.TYPE_RECORD)
        {
            return fail("tags is not a record", -1);
        }
        final int tagCount = sortKeys(ctx, g[2]);
        for (int i = 0; i < tagCount; i++)
        {
            ctx.entryValue(g[2], positions[i], g, 8);
            if (Values.type(g[8]) != ValueDescriptor.TYPE_STRING)
            {
                continue;
            }
            sink.writeByte(',');
            writeEscaped(ctx, keys[i], sink, false);
            sink.writeByte('=');
            writeEscaped(ctx, g[8], sink, false);
        }
        sink.writeByte(' ');
        if (!ctx.get(handle, K_FIELDS, g, 4))
        {
            return fail("missing field: fields", -1);
        }
        if (Values.type(g[4]) != ValueDescriptor.TYPE_RECORD)
        {
            return fail("fields is not a record", -1);
        }
        final int fieldCount = sortKeys(ctx, g[4]);
        for (int i = 0; i < fieldCount; i++)
        {
            if (i > 0)
            {
                sink.writeByte(',');
            }
            writeEscaped(ctx, keys[i], sink, false);
            sink.writeByte('=');
            ctx.entryValue(g[4], positions[i], g, 8);
            final long h = g[8];
            final long x = g[9];
            switch (Values.type(h))
            {
                case ValueDescriptor.TYPE_STRING -> writeEscaped(ctx, h, sink, true);
                case ValueDescriptor.TYPE_BOOL -> writeAscii(sink, x != 0 ? "true" : "false");
                case ValueDescriptor.TYPE_FLOAT ->
                {
                    final double dv = Double.longBitsToDouble(x);
                    if (!Double.isFinite(dv))
                    {
                        return fail("non-finite float field", -1);
                    }
                    sink.write(number, 0, NumberWriter.writeDouble(dv, number, 0));
                }
                case ValueDescriptor.TYPE_INT ->
                {
                    sink.write(number, 0, NumberWriter.writeLong(x, number, 0));
                    sink.writeByte('i');
                }
                case ValueDescriptor.TYPE_UINT ->
                {
                    sink.write(number, 0, NumberWriter.writeUnsignedLong(x, number, 0));
                    sink.writeByte('i');
                }
                default ->
                {
                    return fail("invalid field value type: " + Values.typeName(Values.type(h)), -1);
                }
            }
        }
        sink.writeByte(' ');
        if (!ctx.get(handle, K_TIMESTAMP, g, 10))
        {
            return fail("missing field: timestamp", -1);
        }
        final int tt = Values.type(g[10]);
        if (tt == ValueDescriptor.TYPE_INT && g[11] >= 0)
        {
            sink.write(number, 0, NumberWriter.writeLong(g[11], number, 0));
        }
        else if (tt == ValueDescriptor.TYPE_UINT)
        {
            sink.write(number, 0, NumberWriter.writeUnsignedLong(g[11], number, 0));
        }
        else
        {
            return fail("invalid timestamp: not a non-negative integer", -1);
        }
        return ok();
    }

    private static void writeAscii(final ByteSink sink, final String s)
    {
        for (int i = 0; i < s.length(); i++)
        {
            sink.writeByte(s.charAt(i));
        }
    }

    /** Sorts a record's keys by bytes into {@link #keys}/{@link #positions}; returns the count. */
    private int sortKeys(final ValueContext ctx, final long record)
    {
        final int n = ctx.length(record);
        if (keys.length < n)
        {
            keys = Arrays.copyOf(keys, n * 2);
            positions = Arrays.copyOf(positions, n * 2);
        }
        int count = 0;
        for (int pos = ctx.first(record); pos >= 0; pos = ctx.next(record, pos))
        {
            ctx.entryKey(record, pos, v, 10);
            final long key = v[10];
            int i = count;
            while (i > 0 && ctx.compareStrings(keys[i - 1], key) > 0)
            {
                keys[i] = keys[i - 1];
                positions[i] = positions[i - 1];
                i--;
            }
            keys[i] = key;
            positions[i] = pos;
            count++;
        }
        return count;
    }

    /** Tremor's {@code write_escaped_key} (quoted: {@code write_escaped_value}). */
    private void writeEscaped(final ValueContext ctx, final long s, final ByteSink sink, final boolean quoted)
    {
        final int n = ctx.stringLength(s);
        if (scratch.length < n)
        {
            scratch = new byte[Math.max(n, scratch.length * 2)];
        }
        final byte[] b = scratch;
        ctx.stringBytes(s, b, 0);
        if (quoted)
        {
            sink.writeByte('"');
        }
        int run = 0;
        for (int i = 0; i < n; i++)
        {
            final byte c = b[i];
            if (c == '"' || c == '\\' || !quoted && (c == ',' || c == ' ' || c == '='))
            {
                sink.write(b, run, i - run);
                sink.writeByte('\\');
                sink.writeByte(c);
                run = i + 1;
            }
        }
        sink.write(b, run, n - run);
        if (quoted)
        {
            sink.writeByte('"');
        }
    }
}
