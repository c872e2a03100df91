package io.temblor.engine.codec;

import io.temblor.offheap.ByteSink;
import io.temblor.script.value.ValueContext;
import io.temblor.script.value.ValueDescriptor;
import io.temblor.script.value.Values;

/**
 * Tremor's {@code statsd} codec: {@code metric:value|type[|@rate]} decodes to
 * {@code {"metric", "type", "action"?, "sample_rate"?, "value"}}. The value is a float when it has a {@code .}, else an
 * integer; types {@code c}, {@code ms}, {@code g}, {@code h}, {@code s} (an unknown type is left out of the record, as
 * Tremor does, when nothing follows it); a gauge's {@code +} and {@code -} become {@code action} {@code add} and
 * {@code sub} with the value's magnitude. Encode writes the metric, the action sign for gauges, the value as JSON and
 * the sample rate (integers as digits, floats as ryu). Allocation-free except for floats with 18 or more significant
 * digits or exponents beyond 1e22 (parsed by the JDK).
 */
final class StatsdCodec extends AbstractCodec
{
    private static final byte[] K_METRIC = Text.ascii("metric");
    private static final byte[] K_TYPE = Text.ascii("type");
    private static final byte[] K_ACTION = Text.ascii("action");
    private static final byte[] K_SAMPLE_RATE = Text.ascii("sample_rate");
    private static final byte[] K_VALUE = Text.ascii("value");
    private static final byte[] ADD = Text.ascii("add");
    private static final byte[] SUB = Text.ascii("sub");
    private static final byte[] MS = Text.ascii("ms");
    private static final byte[] RATE = Text.ascii("|@");
    private static final byte[] G = Text.ascii("g");

    private final Text text = new Text();
    private final boolean[] ok = new boolean[1];
    /** Value slots: 0 record, 2 key, 4 value, 6 scratch. */
    private final long[] v = new long[8];

    @Override
    public String name()
    {
        return "statsd";
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
        final int colon = Text.indexOf(b, offset, end, ':');
        if (colon < 0)
        {
            return fail("invalid statsd: no ':' after the metric", length);
        }
        int p = colon + 1;
        final boolean plus = p < end && b[p] == '+';
        final boolean minus = p < end && b[p] == '-';
        if (plus)
        {
            p++;
        }
        final int bar = Text.indexOf(b, p, end, '|');
        if (bar < 0)
        {
            return fail("invalid statsd: no '|' after the value", length);
        }
        long valueHandle;
        long valueBits;
        if (Text.indexOf(b, p, bar, '.') >= 0)
        {
            final double d = Numbers.parseDouble(b, p, bar, ok);
            if (!ok[0])
            {
                return fail("invalid statsd: bad float value", p - offset);
            }
            valueHandle = Values.FLOAT;
            valueBits = Double.doubleToRawLongBits(d);
        }
        else if (p < bar && b[p] == '-')
        {
            final long u = Numbers.parseU64(b, p + 1, bar, ok);
            if (!ok[0] || Long.compareUnsigned(u, Long.MIN_VALUE) > 0)
            {
                return fail("invalid statsd: bad integer value", p - offset);
            }
            valueHandle = Values.INT;
            valueBits = -u;
        }
        else
        {
            final long u = Numbers.parseU64(b, p, bar, ok);
            if (!ok[0])
            {
                return fail("invalid statsd: bad integer value", p - offset);
            }
            valueHandle = u < 0 ? Values.UINT : Values.INT;
            valueBits = u;
        }
        int r = bar + 1;
        final int typeStart = r;
        int typeLength = 0;
        byte[] action = null;
        if (r < end && (b[r] == 'c' || b[r] == 'h' || b[r] == 's'))
        {
            typeLength = 1;
        }
        else if (Text.startsWith(b, r, end, MS))
        {
            typeLength = 2;
        }
        else if (r < end && b[r] == 'g')
        {
            typeLength = 1;
            if (plus)
            {
                action = ADD;
            }
            else if (minus)
            {
                action = SUB;
                if (valueHandle == Values.FLOAT)
                {
                    valueBits = Double.doubleToRawLongBits(-Double.longBitsToDouble(valueBits));
                }
                else
                {
                    // -i64::MIN does not fit an i64: Temblor makes it the u64 2^63
                    valueHandle = valueBits == Long.MIN_VALUE ? Values.UINT : Values.INT;
                    valueBits = -valueBits;
                }
            }
        }
        r += typeLength;
        boolean hasRate = false;
        double rate = 0;
        if (Text.startsWith(b, r, end, RATE))
        {
            rate = Numbers.parseDouble(b, r + 2, end, ok);
            if (!ok[0])
            {
                return fail("invalid statsd: bad sample rate", r + 2 - offset);
            }
            hasRate = true;
        }
        else if (r != end)
        {
            return fail("invalid statsd: unexpected text after the type", r - offset);
        }
        final long[] g = v;
        ctx.newRecord(5, g, 0);
        ctx.newString(K_METRIC, 0, K_METRIC.length, g, 2);
        ctx.newString(b, offset, colon - offset, g, 4);
        ctx.append(g[0], g[2], g[4], g[5], g, 0);
        if (typeLength > 0)
        {
            ctx.newString(K_TYPE, 0, K_TYPE.length, g, 2);
            ctx.newString(b, typeStart, typeLength, g, 4);
            ctx.append(g[0], g[2], g[4], g[5], g, 0);
        }
        if (action != null)
        {
            ctx.newString(K_ACTION, 0, K_ACTION.length, g, 2);
            ctx.newString(action, 0, action.length, g, 4);
            ctx.append(g[0], g[2], g[4], g[5], g, 0);
        }
        if (hasRate)
        {
            ctx.newString(K_SAMPLE_RATE, 0, K_SAMPLE_RATE.length, g, 2);
            ctx.append(g[0], g[2], Values.FLOAT, Double.doubleToRawLongBits(rate), g, 0);
        }
        ctx.newString(K_VALUE, 0, K_VALUE.length, g, 2);
        ctx.append(g[0], g[2], valueHandle, valueBits, g, 0);
        out[at] = g[0];
        out[at + 1] = 0;
        return ok();
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
            return fail("invalid statsd: not a record", -1);
        }
        if (!ctx.get(handle, K_METRIC, g, 0) || Values.type(g[0]) != ValueDescriptor.TYPE_STRING)
        {
            return fail("invalid statsd: metric is missing or not a string", -1);
        }
        if (!ctx.get(handle, K_TYPE, g, 2) || Values.type(g[2]) != ValueDescriptor.TYPE_STRING)
        {
            return fail("invalid statsd: type is missing or not a string", -1);
        }
        if (!ctx.get(handle, K_VALUE, g, 4) || !Values.isNumber(g[4]))
        {
            return fail("invalid statsd: value is missing or not a number", -1);
        }
        text.writeString(ctx, g[0], sink);
        sink.writeByte(':');
        if (ctx.stringEquals(g[2], G) && ctx.get(handle, K_ACTION, g, 6) &&
            Values.type(g[6]) == ValueDescriptor.TYPE_STRING)
        {
            if (ctx.stringEquals(g[6], ADD))
            {
                sink.writeByte('+');
            }
            else if (ctx.stringEquals(g[6], SUB))
            {
                sink.writeByte('-');
            }
        }
        if (!text.writeJsonNumber(g[4], g[5], sink))
        {
            return fail("invalid statsd: value is not a finite number", -1);
        }
        sink.writeByte('|');
        text.writeString(ctx, g[2], sink);
        if (ctx.get(handle, K_SAMPLE_RATE, g, 6))
        {
            switch (Values.type(g[6]))
            {
                case ValueDescriptor.TYPE_INT ->
                {
                    if (g[7] >= 0)
                    {
                        sink.write(RATE, 0, RATE.length);
                        text.writeLong(g[7], sink);
                    }
                }
                case ValueDescriptor.TYPE_UINT ->
                {
                    sink.write(RATE, 0, RATE.length);
                    text.writeUnsigned(g[7], sink);
                }
                case ValueDescriptor.TYPE_FLOAT ->
                {
                    sink.write(RATE, 0, RATE.length);
                    text.writeRyu(Double.longBitsToDouble(g[7]), sink);
                }
                default ->
                {
                    // Tremor writes no rate for other types
                }
            }
        }
        return ok();
    }
}
