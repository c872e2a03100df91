package io.temblor.engine.codec;

import io.temblor.offheap.ByteSink;
import io.temblor.script.value.ValueContext;
import io.temblor.script.value.ValueDescriptor;
import io.temblor.script.value.Values;

import java.util.Arrays;

/**
 * Tremor's {@code msgpack} codec (rmp-serde over Tremor values), with its own encoder and decoder. Encode picks the
 * smallest form as rmp does: non-negative integers as positive fixint/uint8-64, negative ones as negative fixint/int8-64,
 * floats always as float64, strings as fixstr/str8-32, binaries as bin8-32, arrays and maps in their fix/16/32 forms,
 * map entries in record order. Decode accepts every form but ext types; float32 widens to a float, map keys must be
 * strings, strings must be UTF-8, and bytes after the value are an error (rmp-serde ignores them).
 * Allocation-free.
 */
final class MsgPackCodec extends AbstractCodec
{
    private static final int MAX_DEPTH = 1024;
    private static final int LEVEL = 6;
    private static final int NONE = Integer.MIN_VALUE;

    private byte[] in;
    private int pos;
    private int end;
    private int base;
    private long[] regs = new long[LEVEL * 16];
    private final long[] t = new long[2];
    private final byte[] head = new byte[9];

    @Override
    public String name()
    {
        return "msgpack";
    }

    @Override
    public int decode(final ValueContext ctx, final byte[] data, final int offset, final int length, final long ingestNs,
        final long[] out, final int at)
    {
        if (offset < 0 || length < 0 || offset + length > data.length)
        {
            return fail("input out of bounds", -1);
        }
        in = data;
        pos = offset;
        base = offset;
        end = offset + length;
        try
        {
            final int status = read(ctx, 0);
            if (status != OK)
            {
                return status;
            }
            if (pos != end)
            {
                return fail("trailing bytes after the value", pos - base);
            }
            out[at] = regs[0];
            out[at + 1] = regs[1];
            return ok();
        }
        finally
        {
            in = null;
        }
    }

    private int truncated()
    {
        return fail("truncated input", end - base);
    }

    private long readBig(final int n)
    {
        long v = 0;
        for (int i = 0; i < n; i++)
        {
            v = v << 8 | in[pos + i] & 0xFF;
        }
        pos += n;
        return v;
    }

    /** Reads one value into {@code regs[level * LEVEL]}. */
    private int read(final ValueContext ctx, final int level)
    {
        if (level >= MAX_DEPTH)
        {
            return fail("nesting too deep", pos - base);
        }
        final int o = level * LEVEL;
        if (regs.length < o + 2 * LEVEL)
        {
            regs = Arrays.copyOf(regs, regs.length * 2);
        }
        if (pos >= end)
        {
            return truncated();
        }
        final int start = pos;
        final int c = in[pos++] & 0xFF;
        long h = Values.NULL;
        long x = 0;
        // NONE: not of that kind; a negative length read from the input is too long
        int strLen = NONE;
        boolean bin = false;
        int arrayLen = NONE;
        int mapLen = NONE;
        if (c <= 0x7F)
        {
            h = Values.INT;
            x = c;
        }
        else if (c <= 0x8F)
        {
            mapLen = c & 0x0F;
        }
        else if (c <= 0x9F)
        {
            arrayLen = c & 0x0F;
        }
        else if (c <= 0xBF)
        {
            strLen = c & 0x1F;
        }
        else if (c >= 0xE0)
        {
            h = Values.INT;
            x = (byte)c;
        }
        else
        {
            final int n = switch (c)
            {
                case 0xC4, 0xCC, 0xD0, 0xD9 -> 1;
                case 0xC5, 0xCD, 0xD1, 0xDA, 0xDC, 0xDE -> 2;
                case 0xC6, 0xCA, 0xCE, 0xD2, 0xDB, 0xDD, 0xDF -> 4;
                case 0xCB, 0xCF, 0xD3 -> 8;
                default -> 0;
            };
            if (end - pos < n)
            {
                return truncated();
            }
            switch (c)
            {
                case 0xC0 ->
                {
                    // nil
                }
                case 0xC2, 0xC3 ->
                {
                    h = Values.BOOL;
                    x = c - 0xC2;
                }
                case 0xC4, 0xC5, 0xC6 ->
                {
                    bin = true;
                    strLen = lengthOf(readBig(n));
                }
                case 0xCA ->
                {
                    h = Values.FLOAT;
                    x = Double.doubleToRawLongBits(Float.intBitsToFloat((int)readBig(4)));
                }
                case 0xCB ->
                {
                    h = Values.FLOAT;
                    x = readBig(8);
                }
                case 0xCC, 0xCD, 0xCE, 0xCF ->
                {
                    x = readBig(n);
                    h = x < 0 ? Values.UINT : Values.INT;
                }
                case 0xD0, 0xD1, 0xD2, 0xD3 ->
                {
                    h = Values.INT;
                    // sign-extend the n-byte big-endian integer
                    x = readBig(n) << (64 - 8 * n) >> (64 - 8 * n);
                }
                case 0xD9, 0xDA, 0xDB -> strLen = lengthOf(readBig(n));
                case 0xDC, 0xDD -> arrayLen = lengthOf(readBig(n));
                case 0xDE, 0xDF -> mapLen = lengthOf(readBig(n));
                default ->
                {
                    return fail(c == 0xC1 ? "reserved marker 0xc1" : "ext types are not supported", start - base);
                }
            }
        }
        final long[] g = regs;
        if (strLen != NONE)
        {
            if (strLen > end - pos || strLen < 0)
            {
                return truncated();
            }
            if (bin)
            {
                ctx.newBinary(in, pos, strLen, g, o);
            }
            else
            {
                final int bad = Utf8.invalidAt(in, pos, strLen);
                if (bad >= 0)
                {
                    return fail("invalid utf-8", pos + bad - base);
                }
                ctx.newString(in, pos, strLen, g, o);
            }
            pos += strLen;
            return OK;
        }
        if (arrayLen != NONE)
        {
            if (arrayLen < 0 || arrayLen > end - pos)
            {
                return truncated();
            }
            ctx.newArray(arrayLen, g, o + 2);
            for (int i = 0; i < arrayLen; i++)
            {
                final int s = read(ctx, level + 1);
                if (s != OK)
                {
                    return s;
                }
                ctx.push(regs[o + 2], regs[o + LEVEL], regs[o + LEVEL + 1], regs, o + 2);
            }
            regs[o] = regs[o + 2];
            regs[o + 1] = 0;
            return OK;
        }
        if (mapLen != NONE)
        {
            if (mapLen < 0 || mapLen > (end - pos) / 2)
            {
                return truncated();
            }
            ctx.newRecord(mapLen, g, o + 2);
            for (int i = 0; i < mapLen; i++)
            {
                final int keyAt = pos;
                int s = read(ctx, level + 1);
                if (s != OK)
                {
                    return s;
                }
                if (Values.type(regs[o + LEVEL]) != ValueDescriptor.TYPE_STRING)
                {
                    return fail("map key is not a string", keyAt - base);
                }
                regs[o + 4] = regs[o + LEVEL];
                s = read(ctx, level + 1);
                if (s != OK)
                {
                    return s;
                }
                ctx.put(regs[o + 2], regs[o + 4], regs[o + LEVEL], regs[o + LEVEL + 1], regs, o + 2);
            }
            regs[o] = regs[o + 2];
            regs[o + 1] = 0;
            return OK;
        }
        g[o] = h;
        g[o + 1] = x;
        return OK;
    }

    private static int lengthOf(final long n)
    {
        return n > Integer.MAX_VALUE ? -1 : (int)n;
    }

    @Override
    public int encode(final ValueContext ctx, final long handle, final long bits, final ByteSink sink)
    {
        write(ctx, handle, bits, sink);
        return ok();
    }

    private void write(final ValueContext ctx, final long handle, final long bits, final ByteSink sink)
    {
        switch (Values.type(handle))
        {
            case ValueDescriptor.TYPE_NULL -> sink.writeByte(0xC0);
            case ValueDescriptor.TYPE_BOOL -> sink.writeByte(bits != 0 ? 0xC3 : 0xC2);
            case ValueDescriptor.TYPE_INT ->
            {
                if (bits >= 0)
                {
                    writeUnsigned(bits, sink);
                }
                else
                {
                    writeNegative(bits, sink);
                }
            }
            case ValueDescriptor.TYPE_UINT -> writeUnsigned(bits, sink);
            case ValueDescriptor.TYPE_FLOAT -> header(sink, 0xCB, bits, 8);
            case ValueDescriptor.TYPE_STRING, ValueDescriptor.TYPE_BINARY ->
            {
                final int n = ctx.stringLength(handle);
                if (Values.type(handle) == ValueDescriptor.TYPE_BINARY)
                {
                    sized(sink, n, -1, 0xC4, 0xC5, 0xC6);
                }
                else
                {
                    sized(sink, n, 0xA0, 0xD9, 0xDA, 0xDB);
                }
                sink.write(ctx.segment(handle), ctx.stringOffset(handle), n);
            }
            case ValueDescriptor.TYPE_ARRAY ->
            {
                sized(sink, ctx.length(handle), 0x90, -1, 0xDC, 0xDD);
                for (int p = ctx.first(handle); p >= 0; p = ctx.next(handle, p))
                {
                    ctx.entryValue(handle, p, t, 0);
                    write(ctx, t[0], t[1], sink);
                }
            }
            case ValueDescriptor.TYPE_RECORD ->
            {
                sized(sink, ctx.length(handle), 0x80, -1, 0xDE, 0xDF);
                for (int p = ctx.first(handle); p >= 0; p = ctx.next(handle, p))
                {
                    ctx.entryKey(handle, p, t, 0);
                    write(ctx, t[0], 0, sink);
                    ctx.entryValue(handle, p, t, 0);
                    write(ctx, t[0], t[1], sink);
                }
            }
            default -> throw new IllegalStateException("unknown value type: " + Long.toHexString(handle));
        }
    }

    /** Writes a length header: the fix form (up to 31 for str, 15 for array/map) when {@code fix >= 0}, else 8/16/32. */
    private void sized(final ByteSink sink, final int n, final int fix, final int m8, final int m16, final int m32)
    {
        final int fixMax = fix == 0xA0 ? 31 : 15;
        if (fix >= 0 && n <= fixMax)
        {
            sink.writeByte(fix | n);
        }
        else if (m8 >= 0 && n <= 0xFF)
        {
            header(sink, m8, n, 1);
        }
        else if (n <= 0xFFFF)
        {
            header(sink, m16, n, 2);
        }
        else
        {
            header(sink, m32, n, 4);
        }
    }

    private void writeUnsigned(final long v, final ByteSink sink)
    {
        if (v >= 0 && v < 128)
        {
            sink.writeByte((int)v);
        }
        else if (v >= 0 && v <= 0xFF)
        {
            header(sink, 0xCC, v, 1);
        }
        else if (v >= 0 && v <= 0xFFFF)
        {
            header(sink, 0xCD, v, 2);
        }
        else if (v >= 0 && v <= 0xFFFF_FFFFL)
        {
            header(sink, 0xCE, v, 4);
        }
        else
        {
            header(sink, 0xCF, v, 8);
        }
    }

    private void writeNegative(final long v, final ByteSink sink)
    {
        if (v >= -32)
        {
            sink.writeByte((int)v & 0xFF);
        }
        else if (v >= Byte.MIN_VALUE)
        {
            header(sink, 0xD0, v, 1);
        }
        else if (v >= Short.MIN_VALUE)
        {
            header(sink, 0xD1, v, 2);
        }
        else if (v >= Integer.MIN_VALUE)
        {
            header(sink, 0xD2, v, 4);
        }
        else
        {
            header(sink, 0xD3, v, 8);
        }
    }

    private void header(final ByteSink sink, final int marker, final long v, final int n)
    {
        final byte[] b = head;
        b[0] = (byte)marker;
        for (int i = 0; i < n; i++)
        {
            b[1 + i] = (byte)(v >>> 8 * (n - 1 - i));
        }
        sink.write(b, 0, n + 1);
    }
}
