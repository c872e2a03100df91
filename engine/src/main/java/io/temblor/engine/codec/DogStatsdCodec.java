package io.temblor.engine.codec;

import io.temblor.offheap.ByteSink;
import io.temblor.script.value.ValueContext;
import io.temblor.script.value.ValueDescriptor;
import io.temblor.script.value.Values;

/**
 * Tremor's {@code dogstatsd} codec (DogStatsD v1.2): a metric line decodes to {@code {"metric": {"metric", "values",
 * "type"?, "sample_rate"?, "tags"?, "container_id"?}}} (values are floats), an {@code _e{..}} line to
 * {@code {"event": {"title", "text", "timestamp"?, "hostname"?, "aggregation_key"?, "priority"?, "source"?, "type"?,
 * "tags"?, "container_id"?}}}, an {@code _sc|} line to {@code {"service_check": {"name", "status", "timestamp"?,
 * "hostname"?, "tags"?, "message"?, "container_id"?}}}; optional sections in input order, unknown sections ignored.
 * Encode writes the sections in Tremor's fixed order; metric values that are integral floats are written as integers,
 * other floats as ryu, and non-float entries are skipped (Tremor's {@code as_f64}). Allocation-free except for floats
 * with 18 or more significant digits or exponents beyond 1e22 (parsed by the JDK).
 */
final class DogStatsdCodec extends AbstractCodec
{
    private static final byte[] EVENT_PREFIX = Text.ascii("_e{");
    private static final byte[] CHECK_PREFIX = Text.ascii("_sc|");
    private static final byte[] MS = Text.ascii("ms");
    private static final byte[] K_METRIC = Text.ascii("metric");
    private static final byte[] K_EVENT = Text.ascii("event");
    private static final byte[] K_SERVICE_CHECK = Text.ascii("service_check");
    private static final byte[] K_VALUES = Text.ascii("values");
    private static final byte[] K_TYPE = Text.ascii("type");
    private static final byte[] K_SAMPLE_RATE = Text.ascii("sample_rate");
    private static final byte[] K_TAGS = Text.ascii("tags");
    private static final byte[] K_CONTAINER_ID = Text.ascii("container_id");
    private static final byte[] K_TITLE = Text.ascii("title");
    private static final byte[] K_TEXT = Text.ascii("text");
    private static final byte[] K_TIMESTAMP = Text.ascii("timestamp");
    private static final byte[] K_HOSTNAME = Text.ascii("hostname");
    private static final byte[] K_PRIORITY = Text.ascii("priority");
    private static final byte[] K_SOURCE = Text.ascii("source");
    private static final byte[] K_AGGREGATION_KEY = Text.ascii("aggregation_key");
    private static final byte[] K_NAME = Text.ascii("name");
    private static final byte[] K_STATUS = Text.ascii("status");
    private static final byte[] K_MESSAGE = Text.ascii("message");

    /** {@link #sharedSection} return code: the section is not one that events and service checks share. */
    private static final int NOT_SHARED = 1;

    private final Text text = new Text();
    private final boolean[] ok = new boolean[1];
    /** Value slots: 0 inner record, 2 key, 4 value, 6 array or outer record, 8 scratch. */
    private final long[] v = new long[10];

    @Override
    public String name()
    {
        return "dogstatsd";
    }

    @Override
    public int decode(final ValueContext ctx, final byte[] b, final int offset, final int length, final long ingestNs,
        final long[] out, final int at)
    {
        if (checkText(b, offset, length) != OK)
        {
            return ERROR;
        }
        final int end = offset + length;
        final byte[] kind;
        final int status;
        if (Text.startsWith(b, offset, end, EVENT_PREFIX))
        {
            kind = K_EVENT;
            status = decodeEvent(ctx, b, offset, offset + EVENT_PREFIX.length, end);
        }
        else if (Text.startsWith(b, offset, end, CHECK_PREFIX))
        {
            kind = K_SERVICE_CHECK;
            status = decodeServiceCheck(ctx, b, offset, offset + CHECK_PREFIX.length, end);
        }
        else
        {
            kind = K_METRIC;
            status = decodeMetric(ctx, b, offset, end);
        }
        if (status != OK)
        {
            return status;
        }
        final long[] g = v;
        ctx.newRecord(1, g, 6);
        ctx.newString(kind, 0, kind.length, g, 2);
        ctx.append(g[6], g[2], g[0], 0, g, 6);
        out[at] = g[6];
        out[at + 1] = 0;
        return ok();
    }

    private void putString(final ValueContext ctx, final byte[] key, final byte[] b, final int from, final int to)
    {
        final long[] g = v;
        ctx.newString(key, 0, key.length, g, 2);
        ctx.newString(b, from, to - from, g, 4);
        ctx.put(g[0], g[2], g[4], g[5], g, 0);
    }

    private void putNumber(final ValueContext ctx, final byte[] key, final long handle, final long bits)
    {
        final long[] g = v;
        ctx.newString(key, 0, key.length, g, 2);
        ctx.put(g[0], g[2], handle, bits, g, 0);
    }

    /** {@code #a,b,c} after the '#': an array of the comma-separated strings. */
    private void putTags(final ValueContext ctx, final byte[] b, final int from, final int to)
    {
        final long[] g = v;
        ctx.newArray(4, g, 6);
        int p = from;
        while (true)
        {
            int comma = Text.indexOf(b, p, to, ',');
            if (comma < 0)
            {
                comma = to;
            }
            ctx.newString(b, p, comma - p, g, 4);
            ctx.push(g[6], g[4], g[5], g, 6);
            if (comma == to)
            {
                break;
            }
            p = comma + 1;
        }
        ctx.newString(K_TAGS, 0, K_TAGS.length, g, 2);
        ctx.put(g[0], g[2], g[6], 0, g, 0);
    }

    private static int sectionEnd(final byte[] b, final int from, final int end)
    {
        final int bar = Text.indexOf(b, from, end, '|');
        return bar < 0 ? end : bar;
    }

    private static boolean has(final byte[] b, final int from, final int to, final char c0, final char c1)
    {
        return to - from >= 2 && b[from] == c0 && b[from + 1] == c1;
    }

    private int decodeMetric(final ValueContext ctx, final byte[] b, final int offset, final int end)
    {
        final long[] g = v;
        final int colon = Text.indexOf(b, offset, end, ':');
        if (colon < 0)
        {
            return fail("invalid dogstatsd: no ':' after the metric", end - offset);
        }
        final int bar = Text.indexOf(b, colon + 1, end, '|');
        if (bar < 0)
        {
            return fail("invalid dogstatsd: no '|' after the values", end - offset);
        }
        ctx.newRecord(6, g, 0);
        ctx.newString(K_METRIC, 0, K_METRIC.length, g, 2);
        ctx.newString(b, offset, colon - offset, g, 4);
        ctx.append(g[0], g[2], g[4], g[5], g, 0);
        ctx.newArray(4, g, 6);
        int p = colon + 1;
        while (true)
        {
            int sep = Text.indexOf(b, p, bar, ':');
            if (sep < 0)
            {
                sep = bar;
            }
            final double d = Numbers.parseDouble(b, p, sep, ok);
            if (!ok[0])
            {
                return fail("invalid dogstatsd: bad value", p - offset);
            }
            ctx.push(g[6], Values.FLOAT, Double.doubleToRawLongBits(d), g, 6);
            if (sep == bar)
            {
                break;
            }
            p = sep + 1;
        }
        ctx.newString(K_VALUES, 0, K_VALUES.length, g, 2);
        ctx.append(g[0], g[2], g[6], 0, g, 0);
        int r = bar + 1;
        if (r < end && (b[r] == 'c' || b[r] == 'd' || b[r] == 'g' || b[r] == 'h' || b[r] == 's'))
        {
            putString(ctx, K_TYPE, b, r, r + 1);
            r++;
        }
        else if (Text.startsWith(b, r, end, MS))
        {
            putString(ctx, K_TYPE, b, r, r + 2);
            r += 2;
        }
        while (true)
        {
            final int s = sectionEnd(b, r, end);
            if (s > r && b[r] == '@')
            {
                final double rate = Numbers.parseDouble(b, r + 1, s, ok);
                if (!ok[0])
                {
                    return fail("invalid dogstatsd: bad sample rate", r + 1 - offset);
                }
                putNumber(ctx, K_SAMPLE_RATE, Values.FLOAT, Double.doubleToRawLongBits(rate));
            }
            else if (s > r && b[r] == '#')
            {
                putTags(ctx, b, r + 1, s);
            }
            else if (has(b, r, s, 'c', ':'))
            {
                putString(ctx, K_CONTAINER_ID, b, r + 2, s);
            }
            if (s == end)
            {
                return OK;
            }
            r = s + 1;
        }
    }

    private static boolean boundary(final byte[] b, final int i, final int end)
    {
        return i >= end || (b[i] & 0xC0) != 0x80;
    }

    /**
     * Decodes a section that events and service checks share: {@code d:} timestamp (a u32), {@code h:} hostname,
     * {@code #} tags, {@code c:} container id, put into the record in v[0].
     *
     * @return {@link #OK} when the section was one of those, {@link #NOT_SHARED} when it was not, or {@link #ERROR}
     *     with {@code timestampError} recorded for a bad timestamp.
     */
    private int sharedSection(final ValueContext ctx, final byte[] b, final int offset, final int r, final int s,
        final String timestampError)
    {
        if (has(b, r, s, 'd', ':'))
        {
            final long ts = Numbers.parseU64(b, r + 2, s, ok);
            if (!ok[0] || ts > 0xFFFF_FFFFL || ts < 0)
            {
                return fail(timestampError, r + 2 - offset);
            }
            putNumber(ctx, K_TIMESTAMP, Values.INT, ts);
        }
        else if (has(b, r, s, 'h', ':'))
        {
            putString(ctx, K_HOSTNAME, b, r + 2, s);
        }
        else if (s > r && b[r] == '#')
        {
            putTags(ctx, b, r + 1, s);
        }
        else if (has(b, r, s, 'c', ':'))
        {
            putString(ctx, K_CONTAINER_ID, b, r + 2, s);
        }
        else
        {
            return NOT_SHARED;
        }
        return OK;
    }

    private int decodeEvent(final ValueContext ctx, final byte[] b, final int offset, final int from, final int end)
    {
        final int comma = Text.indexOf(b, from, end, ',');
        if (comma < 0)
        {
            return fail("invalid dogstatsd event: no ',' in the lengths", end - offset);
        }
        int close = -1;
        for (int i = comma + 1; i + 1 < end; i++)
        {
            if (b[i] == '}' && b[i + 1] == ':')
            {
                close = i;
                break;
            }
        }
        if (close < 0)
        {
            return fail("invalid dogstatsd event: no '}:' after the lengths", end - offset);
        }
        final long titleLength = Numbers.parseU64(b, from, comma, ok);
        if (!ok[0])
        {
            return fail("invalid dogstatsd event: bad title length", from - offset);
        }
        final long textLength = Numbers.parseU64(b, comma + 1, close, ok);
        if (!ok[0])
        {
            return fail("invalid dogstatsd event: bad text length", comma + 1 - offset);
        }
        final int data = close + 2;
        if (titleLength < 0 || textLength < 0 || titleLength > end - data ||
            textLength > end - data - titleLength - 1)
        {
            return fail("invalid dogstatsd event: shorter than its lengths", end - offset);
        }
        final int titleEnd = data + (int)titleLength;
        if (!boundary(b, titleEnd, end) || b[titleEnd] != '|')
        {
            return fail("invalid dogstatsd event: no '|' after the title", titleEnd - offset);
        }
        final int textEnd = titleEnd + 1 + (int)textLength;
        if (!boundary(b, textEnd, end))
        {
            return fail("invalid dogstatsd event: text length splits a character", textEnd - offset);
        }
        final long[] g = v;
        ctx.newRecord(10, g, 0);
        putString(ctx, K_TITLE, b, data, titleEnd);
        putString(ctx, K_TEXT, b, titleEnd + 1, textEnd);
        int r = textEnd;
        while (true)
        {
            final int s = sectionEnd(b, r, end);
            final int shared = sharedSection(ctx, b, offset, r, s, "invalid dogstatsd event: bad timestamp");
            if (shared == ERROR)
            {
                return ERROR;
            }
            if (shared == NOT_SHARED)
            {
                if (has(b, r, s, 'p', ':'))
                {
                    putString(ctx, K_PRIORITY, b, r + 2, s);
                }
                else if (has(b, r, s, 's', ':'))
                {
                    putString(ctx, K_SOURCE, b, r + 2, s);
                }
                else if (has(b, r, s, 't', ':'))
                {
                    putString(ctx, K_TYPE, b, r + 2, s);
                }
                else if (has(b, r, s, 'k', ':'))
                {
                    putString(ctx, K_AGGREGATION_KEY, b, r + 2, s);
                }
            }
            if (s == end)
            {
                return OK;
            }
            r = s + 1;
        }
    }

    private int decodeServiceCheck(final ValueContext ctx, final byte[] b, final int offset, final int from,
        final int end)
    {
        final int bar = Text.indexOf(b, from, end, '|');
        if (bar < 0)
        {
            return fail("invalid dogstatsd service check: no '|' after the name", end - offset);
        }
        final int statusEnd = sectionEnd(b, bar + 1, end);
        final long status = Numbers.parseU64(b, bar + 1, statusEnd, ok);
        if (!ok[0] || status < 0 || status > 3)
        {
            return fail("invalid dogstatsd service check: status is not 0 to 3", bar + 1 - offset);
        }
        final long[] g = v;
        ctx.newRecord(7, g, 0);
        putString(ctx, K_NAME, b, from, bar);
        putNumber(ctx, K_STATUS, Values.INT, status);
        if (statusEnd == end)
        {
            return OK;
        }
        int r = statusEnd + 1;
        while (true)
        {
            final int s = sectionEnd(b, r, end);
            final int shared = sharedSection(ctx, b, offset, r, s, "invalid dogstatsd service check: bad timestamp");
            if (shared == ERROR)
            {
                return ERROR;
            }
            if (shared == NOT_SHARED && has(b, r, s, 'm', ':'))
            {
                putString(ctx, K_MESSAGE, b, r + 2, s);
            }
            if (s == end)
            {
                return OK;
            }
            r = s + 1;
        }
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
            return fail("invalid dogstatsd: not a record", -1);
        }
        final int kind;
        if (ctx.get(handle, K_METRIC, g, 0))
        {
            kind = 0;
        }
        else if (ctx.get(handle, K_EVENT, g, 0))
        {
            kind = 1;
        }
        else if (ctx.get(handle, K_SERVICE_CHECK, g, 0))
        {
            kind = 2;
        }
        else
        {
            return fail("invalid dogstatsd: no metric, event or service_check field", -1);
        }
        if (Values.type(g[0]) != ValueDescriptor.TYPE_RECORD)
        {
            return fail("invalid dogstatsd: the metric, event or service_check is not a record", -1);
        }
        return switch (kind)
        {
            case 0 -> writeMetric(ctx, g[0], sink);
            case 1 -> writeEvent(ctx, g[0], sink);
            default -> writeServiceCheck(ctx, g[0], sink);
        };
    }

    /** A string field into v[at]; false when missing or not a string. */
    private boolean string(final ValueContext ctx, final long record, final byte[] key, final int at)
    {
        return ctx.get(record, key, v, at) && Values.type(v[at]) == ValueDescriptor.TYPE_STRING;
    }

    private void optional(final ValueContext ctx, final long record, final byte[] key, final String prefix,
        final ByteSink sink)
    {
        if (string(ctx, record, key, 8))
        {
            Text.writeAscii(sink, prefix);
            text.writeString(ctx, v[8], sink);
        }
    }

    /** {@code |d:} for a timestamp that is a u32. */
    private void timestamp(final ValueContext ctx, final long record, final ByteSink sink)
    {
        if (ctx.get(record, K_TIMESTAMP, v, 8) && Values.type(v[8]) == ValueDescriptor.TYPE_INT && v[9] >= 0 &&
            v[9] <= 0xFFFF_FFFFL)
        {
            Text.writeAscii(sink, "|d:");
            text.writeLong(v[9], sink);
        }
    }

    private void tags(final ValueContext ctx, final long record, final ByteSink sink)
    {
        final long[] g = v;
        if (!ctx.get(record, K_TAGS, g, 6) || Values.type(g[6]) != ValueDescriptor.TYPE_ARRAY)
        {
            return;
        }
        Text.writeAscii(sink, "|#");
        boolean first = true;
        final int n = ctx.length(g[6]);
        for (int i = 0; i < n; i++)
        {
            ctx.element(g[6], i, g, 8);
            if (Values.type(g[8]) == ValueDescriptor.TYPE_STRING)
            {
                if (!first)
                {
                    sink.writeByte(',');
                }
                text.writeString(ctx, g[8], sink);
                first = false;
            }
        }
    }

    private int writeMetric(final ValueContext ctx, final long m, final ByteSink sink)
    {
        final long[] g = v;
        if (!string(ctx, m, K_METRIC, 2))
        {
            return fail("invalid dogstatsd: metric is missing or not a string", -1);
        }
        if (!string(ctx, m, K_TYPE, 4))
        {
            return fail("invalid dogstatsd: type is missing or not a string", -1);
        }
        if (!ctx.get(m, K_VALUES, g, 6) || Values.type(g[6]) != ValueDescriptor.TYPE_ARRAY)
        {
            return fail("invalid dogstatsd: values is missing or not an array", -1);
        }
        text.writeString(ctx, g[2], sink);
        sink.writeByte(':');
        boolean first = true;
        final int n = ctx.length(g[6]);
        for (int i = 0; i < n; i++)
        {
            ctx.element(g[6], i, g, 8);
            if (Values.type(g[8]) != ValueDescriptor.TYPE_FLOAT)
            {
                continue;
            }
            if (!first)
            {
                sink.writeByte(':');
            }
            first = false;
            final double d = Double.longBitsToDouble(g[9]);
            if (Double.isFinite(d) && d % 1.0 == 0.0)
            {
                text.writeLong((long)d, sink);
            }
            else
            {
                text.writeRyu(d, sink);
            }
        }
        sink.writeByte('|');
        text.writeString(ctx, g[4], sink);
        if (ctx.get(m, K_SAMPLE_RATE, g, 8))
        {
            Text.writeAscii(sink, "|@");
            if (!text.writeJsonNumber(g[8], g[9], sink))
            {
                return fail("invalid dogstatsd: sample_rate is not a finite number", -1);
            }
        }
        tags(ctx, m, sink);
        optional(ctx, m, K_CONTAINER_ID, "|c:", sink);
        return ok();
    }

    private int writeEvent(final ValueContext ctx, final long e, final ByteSink sink)
    {
        final long[] g = v;
        if (!string(ctx, e, K_TITLE, 2))
        {
            return fail("invalid dogstatsd: event title is missing or not a string", -1);
        }
        if (!string(ctx, e, K_TEXT, 4))
        {
            return fail("invalid dogstatsd: event text is missing or not a string", -1);
        }
        Text.writeAscii(sink, "_e{");
        text.writeLong(ctx.stringLength(g[2]), sink);
        sink.writeByte(',');
        text.writeLong(ctx.stringLength(g[4]), sink);
        Text.writeAscii(sink, "}:");
        text.writeString(ctx, g[2], sink);
        sink.writeByte('|');
        text.writeString(ctx, g[4], sink);
        timestamp(ctx, e, sink);
        optional(ctx, e, K_HOSTNAME, "|h:", sink);
        optional(ctx, e, K_AGGREGATION_KEY, "|k:", sink);
        optional(ctx, e, K_PRIORITY, "|p:", sink);
        optional(ctx, e, K_SOURCE, "|s:", sink);
        optional(ctx, e, K_TYPE, "|t:", sink);
        tags(ctx, e, sink);
        optional(ctx, e, K_CONTAINER_ID, "|c:", sink);
        return ok();
    }

    private int writeServiceCheck(final ValueContext ctx, final long c, final ByteSink sink)
    {
        final long[] g = v;
        if (!string(ctx, c, K_NAME, 2))
        {
            return fail("invalid dogstatsd: service check name is missing or not a string", -1);
        }
        if (!ctx.get(c, K_STATUS, g, 4) || Values.type(g[4]) != ValueDescriptor.TYPE_INT || g[5] != (int)g[5])
        {
            return fail("invalid dogstatsd: service check status is missing or not an i32", -1);
        }
        Text.writeAscii(sink, "_sc|");
        text.writeString(ctx, g[2], sink);
        sink.writeByte('|');
        text.writeLong(g[5], sink);
        timestamp(ctx, c, sink);
        optional(ctx, c, K_HOSTNAME, "|h:", sink);
        tags(ctx, c, sink);
        optional(ctx, c, K_MESSAGE, "|m:", sink);
        optional(ctx, c, K_CONTAINER_ID, "|c:", sink);
        return ok();
    }
}
