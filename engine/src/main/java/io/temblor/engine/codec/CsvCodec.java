package io.temblor.engine.codec;

import io.temblor.offheap.ByteSink;
import io.temblor.script.value.ValueContext;
import io.temblor.script.value.ValueDescriptor;
import io.temblor.script.value.Values;

import java.math.BigDecimal;

/**
 * Tremor's {@code csv} codec (the Rust {@code csv} crate with its defaults, no headers): decode reads the first record
 * of the input as an array of strings (comma delimiter, {@code "} quotes with {@code ""} escapes, {@code \r}, {@code \n}
 * or {@code \r\n} terminators, blank lines and a UTF-8 byte order mark skipped, lenient like csv-core: an unclosed
 * quote ends at the end of input, text after a closing quote is kept); input with no record is {@link #NO_VALUE}.
 * Encode writes an array as one line: strings as is, numbers, booleans and null as Tremor displays them (floats in
 * Rust's plain {@code Display} form, {@code 1.0} as {@code 1}), quoting fields that hold a comma, quote, CR or LF, and
 * no line terminator. Decode is allocation-free; encoding a float allocates (the JDK's shortest digits).
 */
final class CsvCodec extends AbstractCodec
{
    private final Bytes tok = new Bytes(256);
    private final Text text = new Text();
    /** Value slots: 0 array, 2 field, 4 scratch. */
    private final long[] v = new long[6];

    @Override
    public String name()
    {
        return "csv";
    }

    private static boolean isTerminator(final byte c)
    {
        return c == '\r' || c == '\n';
    }

    @Override
    public int decode(final ValueContext ctx, final byte[] b, final int offset, final int length, final long ingestNs,
        final long[] out, final int at)
    {
        if (checkBounds(b, offset, length) != OK)
        {
            return ERROR;
        }
        final int end = offset + length;
        int p = offset;
        if (length >= 3 && b[p] == (byte)0xEF && b[p + 1] == (byte)0xBB && b[p + 2] == (byte)0xBF)
        {
            p += 3;
        }
        while (p < end && isTerminator(b[p]))
        {
            p++;
        }
        if (p == end)
        {
            return NO_VALUE;
        }
        final long[] g = v;
        ctx.newArray(8, g, 0);
        final Bytes t = tok;
        while (true)
        {
            final int start = p;
            t.clear();
            if (b[p] == '"')
            {
                p++;
                while (p < end)
                {
                    final byte c = b[p];
                    if (c == '"')
                    {
                        if (p + 1 < end && b[p + 1] == '"')
                        {
                            t.add('"');
                            p += 2;
                            continue;
                        }
                        p++;
                        break;
                    }
                    t.add(c);
                    p++;
                }
            }
            final int run = p;
            while (p < end && b[p] != ',' && !isTerminator(b[p]))
            {
                p++;
            }
            t.add(b, run, p - run);
            final int bad = Utf8.invalidAt(t.data, 0, t.length);
            if (bad >= 0)
            {
                return fail("invalid utf-8 in a csv field", start - offset);
            }
            ctx.newString(t.data, 0, t.length, g, 2);
            ctx.push(g[0], g[2], g[3], g, 0);
            if (p < end && b[p] == ',')
            {
                p++;
                if (p == end)
                {
                    ctx.newString(t.data, 0, 0, g, 2);
                    ctx.push(g[0], g[2], g[3], g, 0);
                    break;
                }
                continue;
            }
            break;
        }
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
        if (Values.type(handle) != ValueDescriptor.TYPE_ARRAY)
        {
            return fail("not CSV serializable: " + Values.typeName(Values.type(handle)), -1);
        }
        final long[] g = v;
        final int n = ctx.length(handle);
        for (int i = 0; i < n; i++)
        {
            if (i > 0)
            {
                sink.writeByte(',');
            }
            ctx.element(handle, i, g, 2);
            final long h = g[2];
            final long x = g[3];
            switch (Values.type(h))
            {
                case ValueDescriptor.TYPE_STRING ->
                {
                    final int len = text.load(ctx, h);
                    writeField(text.bytes(), len, n == 1, sink);
                }
                case ValueDescriptor.TYPE_NULL -> Text.writeAscii(sink, "null");
                case ValueDescriptor.TYPE_BOOL -> Text.writeAscii(sink, x != 0 ? "true" : "false");
                case ValueDescriptor.TYPE_INT -> text.writeLong(x, sink);
                case ValueDescriptor.TYPE_UINT -> text.writeUnsigned(x, sink);
                case ValueDescriptor.TYPE_FLOAT -> Text.writeAscii(sink, display(Double.longBitsToDouble(x)));
                default ->
                {
                    return fail("not CSV serializable: a field is a " + Values.typeName(Values.type(h)), -1);
                }
            }
        }
        return ok();
    }

    /** A field, quoted when it holds a comma, quote, CR or LF, or is the only field of the record and empty. */
    private static void writeField(final byte[] b, final int n, final boolean only, final ByteSink sink)
    {
        boolean quote = n == 0 && only;
        for (int i = 0; i < n && !quote; i++)
        {
            final byte c = b[i];
            quote = c == ',' || c == '"' || c == '\r' || c == '\n';
        }
        if (!quote)
        {
            sink.write(b, 0, n);
            return;
        }
        sink.writeByte('"');
        int run = 0;
        for (int i = 0; i < n; i++)
        {
            if (b[i] == '"')
            {
                sink.write(b, run, i + 1 - run);
                sink.writeByte('"');
                run = i + 1;
            }
        }
        sink.write(b, run, n - run);
        sink.writeByte('"');
    }

    /** Rust's {@code Display} for f64: the shortest round-tripping digits, never an exponent. */
    static String display(final double d)
    {
        if (Double.isNaN(d))
        {
            return "NaN";
        }
        if (Double.isInfinite(d))
        {
            return d > 0 ? "inf" : "-inf";
        }
        if (d == 0)
        {
            return Double.doubleToRawLongBits(d) < 0 ? "-0" : "0";
        }
        return new BigDecimal(Double.toString(d)).stripTrailingZeros().toPlainString();
    }
}
