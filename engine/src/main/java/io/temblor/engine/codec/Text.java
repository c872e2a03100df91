package io.temblor.engine.codec;

import io.temblor.json.NumberWriter;
import io.temblor.offheap.ByteSink;
import io.temblor.script.value.ValueContext;
import io.temblor.script.value.ValueDescriptor;
import io.temblor.script.value.Values;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Byte scanning and writing shared by the line codecs ({@code statsd}, {@code dogstatsd}, {@code csv},
 * {@code syslog}): one instance per codec keeps a scratch array for string bytes and number digits.
 */
final class Text
{
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;

    private byte[] scratch = new byte[256];
    private final byte[] number = new byte[NumberWriter.MAX_DOUBLE_LENGTH + 2];

    static byte[] ascii(final String s)
    {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * First index of {@code c} in {@code b[from, to)}, or -1. Eight bytes at a time (SWAR): a word XOR eight copies of
     * {@code c} has a zero byte where {@code c} is, and {@code (x - 0x01..) & ~x & 0x80..} sets the top bit of the
     * lowest zero byte exactly (higher ones may be false positives, but only the lowest is used).
     */
    static int indexOf(final byte[] b, final int from, final int to, final int c)
    {
        final long pattern = ONES * (c & 0xFF);
        int i = from;
        for (; i + Long.BYTES <= to; i += Long.BYTES)
        {
            final long x = (long)LONGS.get(b, i) ^ pattern;
            final long found = (x - ONES) & ~x & HIGHS;
            if (found != 0)
            {
                return i + (Long.numberOfTrailingZeros(found) >>> 3);
            }
        }
        for (; i < to; i++)
        {
            if (b[i] == c)
            {
                return i;
            }
        }
        return -1;
    }

    /** Whether {@code b[from, to)} starts with {@code prefix}. */
    static boolean startsWith(final byte[] b, final int from, final int to, final byte[] prefix)
    {
        if (to - from < prefix.length)
        {
            return false;
        }
        for (int i = 0; i < prefix.length; i++)
        {
            if (b[from + i] != prefix[i])
            {
                return false;
            }
        }
        return true;
    }

    /** Copies a string's bytes into the scratch array; returns their count ({@link #bytes()} holds them). */
    int load(final ValueContext ctx, final long s)
    {
        final int n = ctx.stringLength(s);
        if (scratch.length < n)
        {
            scratch = new byte[Math.max(n, scratch.length * 2)];
        }
        ctx.stringBytes(s, scratch, 0);
        return n;
    }

    byte[] bytes()
    {
        return scratch;
    }

    /** Appends a string value's bytes. */
    void writeString(final ValueContext ctx, final long s, final ByteSink sink)
    {
        final int n = load(ctx, s);
        sink.write(scratch, 0, n);
    }

    static void writeAscii(final ByteSink sink, final String s)
    {
        for (int i = 0; i < s.length(); i++)
        {
            sink.writeByte(s.charAt(i));
        }
    }

    void writeLong(final long v, final ByteSink sink)
    {
        sink.write(number, 0, NumberWriter.writeLong(v, number, 0));
    }

    void writeUnsigned(final long v, final ByteSink sink)
    {
        sink.write(number, 0, NumberWriter.writeUnsignedLong(v, number, 0));
    }

    /** A double as Rust's ryu {@code Buffer::format} writes it ({@code NaN}, {@code inf}, {@code -inf} included). */
    void writeRyu(final double v, final ByteSink sink)
    {
        if (Double.isNaN(v))
        {
            writeAscii(sink, "NaN");
        }
        else if (Double.isInfinite(v))
        {
            writeAscii(sink, v > 0 ? "inf" : "-inf");
        }
        else
        {
            sink.write(number, 0, NumberWriter.writeDouble(v, number, 0));
        }
    }

    /**
     * A number as Tremor's JSON encoder writes it.
     *
     * @return false when the value is not a finite number.
     */
    boolean writeJsonNumber(final long h, final long x, final ByteSink sink)
    {
        switch (Values.type(h))
        {
            case ValueDescriptor.TYPE_INT -> writeLong(x, sink);
            case ValueDescriptor.TYPE_UINT -> writeUnsigned(x, sink);
            case ValueDescriptor.TYPE_FLOAT ->
            {
                final double d = Double.longBitsToDouble(x);
                if (!Double.isFinite(d))
                {
                    return false;
                }
                sink.write(number, 0, NumberWriter.writeDouble(d, number, 0));
            }
            default ->
            {
                return false;
            }
        }
        return true;
    }
}
