package io.temblor.script.runtime;

import io.temblor.script.error.Span;
import io.temblor.script.value.Values;

import java.util.Arrays;
import java.util.List;

import static io.temblor.script.value.ValueDescriptor.TYPE_BINARY;
import static io.temblor.script.value.ValueDescriptor.TYPE_INT;
import static io.temblor.script.value.ValueDescriptor.TYPE_STRING;
import static io.temblor.script.value.ValueDescriptor.TYPE_UINT;

/**
 * Binary literals {@code << data:bits/type, ... >>} with Tremor's bit packing ({@code extend_bytes_from_value}):
 * integers are written most significant bit first into a running bit buffer, little-endian parts byte-swapped first,
 * binaries and strings appended as bytes; a trailing partial byte is shifted down to its low bits. Built in a reused
 * byte stack in the {@link Env}, then copied into the arena.
 */
public final class Bytes extends Node
{
    /** Part type: unsigned integer. */
    public static final int UNSIGNED = 0;
    /** Part type: signed integer. */
    public static final int SIGNED = 1;
    /** Part type: binary or string bytes. */
    public static final int BINARY = 2;

    /** One part. */
    public static final class Part
    {
        final Node data;
        final int kind;
        final boolean little;
        final int bits;
        final Span span;

        /**
         * A part.
         *
         * @param data the value.
         * @param kind UNSIGNED, SIGNED or BINARY.
         * @param little little endian.
         * @param bits bit count (0 for all bytes of a binary).
         * @param span source.
         */
        public Part(final Node data, final int kind, final boolean little, final int bits, final Span span)
        {
            this.data = data;
            this.kind = kind;
            this.little = little;
            this.bits = bits;
            this.span = span;
        }
    }

    private final Part[] parts;
    private final int tmp;

    /**
     * A binary literal.
     *
     * @param span source.
     * @param parts the parts.
     * @param tmp one register pair.
     */
    public Bytes(final Span span, final List<Part> parts, final int tmp)
    {
        super(span);
        this.parts = parts.toArray(new Part[0]);
        this.tmp = tmp;
    }

    @Override
    public int execute(final Env e, final int at)
    {
        final int t = e.base + tmp;
        final int mark = e.bytesTop;
        final int savedBuf = e.bitBuf;
        final int savedPending = e.bitPending;
        e.bitBuf = 0;
        e.bitPending = 0;
        try
        {
            for (final Part part : parts)
            {
                final int buf = e.bitBuf;
                final int pending = e.bitPending;
                part.data.execute(e, t);
                e.bitBuf = buf;
                e.bitPending = pending;
                final long h = e.regs[t];
                final long b = e.regs[t + 1];
                final int type = Values.type(h);
                switch (part.kind)
                {
                    case UNSIGNED ->
                    {
                        if (!(type == TYPE_UINT || (type == TYPE_INT && b >= 0)))
                        {
                            throw new ScriptError(span, part.span, "Not an unsigned integer: " + Ops.typeName(h), null);
                        }
                        write(e, part.bits, part.little, b);
                    }
                    case SIGNED ->
                    {
                        if (type != TYPE_INT)
                        {
                            throw new ScriptError(span, part.span, "Not an signed integer: " + Ops.typeName(h), null);
                        }
                        write(e, part.bits, part.little, b);
                    }
                    default ->
                    {
                        if (type != TYPE_BINARY && type != TYPE_STRING)
                        {
                            throw new ScriptError(span, part.span, "Not a binary: " + Ops.typeName(h), null);
                        }
                        int n = e.ctx.stringLength(h);
                        if (part.bits > 0)
                        {
                            n = Math.min(n, part.bits);
                        }
                        for (int i = 0; i < n; i++)
                        {
                            push(e, e.ctx.stringByte(h, i));
                        }
                    }
                }
            }
            if (e.bitPending > 0)
            {
                push(e, (byte)((e.bitBuf & 0xFF) >>> (8 - e.bitPending)));
            }
            e.ctx.newBinary(e.bytes, mark, e.bytesTop - mark, e.regs, at);
            return CONTINUE;
        }
        finally
        {
            e.bytesTop = mark;
            e.bitBuf = savedBuf;
            e.bitPending = savedPending;
        }
    }

    private static void push(final Env e, final byte b)
    {
        if (e.bytesTop == e.bytes.length)
        {
            e.bytes = Arrays.copyOf(e.bytes, e.bytes.length * 2);
        }
        e.bytes[e.bytesTop++] = b;
    }

    private static void write(final Env e, final int bits, final boolean little, final long v)
    {
        if (!little || bits <= 8)
        {
            writeBig(e, bits, v);
        }
        else if (bits <= 16)
        {
            writeBig(e, bits, Short.reverseBytes((short)v) & 0xFFFFL);
        }
        else if (bits <= 24)
        {
            writeBig(e, bits, (Integer.reverseBytes((int)v) & 0xFFFFFFFFL) >>> 8);
        }
        else if (bits <= 32)
        {
            writeBig(e, bits, Integer.reverseBytes((int)v) & 0xFFFFFFFFL);
        }
        else if (bits <= 40)
        {
            writeBig(e, bits, Long.reverseBytes(v) >>> 24);
        }
        else if (bits <= 48)
        {
            writeBig(e, bits, Long.reverseBytes(v) >>> 16);
        }
        else if (bits <= 56)
        {
            writeBig(e, bits, Long.reverseBytes(v) >>> 8);
        }
        else
        {
            writeBig(e, bits, Long.reverseBytes(v));
        }
    }

    private static void writeBig(final Env e, final int bits, final long value)
    {
        // Tremor masks with one bit more than the width (kept for identical output)
        final long v = bits + 1 >= 64 ? value : value & ((1L << (bits + 1)) - 1);
        if (bits == 0)
        {
            return;
        }
        if (e.bitPending > 0)
        {
            if (bits + e.bitPending >= 8)
            {
                final int missing = 8 - e.bitPending;
                final int shift = bits - missing;
                e.bitBuf = (e.bitBuf | (int)(v >>> shift)) & 0xFF;
                push(e, (byte)e.bitBuf);
                e.bitPending = 0;
                e.bitBuf = 0;
                writeBig(e, bits - missing, v);
            }
            else
            {
                final int shift = 8 - (bits + e.bitPending);
                e.bitPending += bits;
                e.bitBuf = (e.bitBuf | (((int)v & 0xFF) << shift)) & 0xFF;
            }
        }
        else if (bits % 8 > 0)
        {
            final int extra = bits % 8;
            writeBig(e, bits - extra, v >>> extra);
            final int mask = (1 << extra) - 1;
            e.bitBuf = (((int)v & 0xFF & mask) << (8 - extra)) & 0xFF;
            e.bitPending = extra;
        }
        else
        {
            for (int shift = bits - 8; shift >= 0; shift -= 8)
            {
                push(e, (byte)(v >>> shift));
            }
        }
    }
}
