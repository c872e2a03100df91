package io.temblor.script.value;

import io.temblor.json.JsonWriter;
import io.temblor.json.NumberWriter;
import io.temblor.offheap.ByteSink;

import java.util.Arrays;

import static io.temblor.script.value.ValueDescriptor.STORE_TAPE;
import static io.temblor.script.value.ValueDescriptor.TYPE_ARRAY;
import static io.temblor.script.value.ValueDescriptor.TYPE_BINARY;
import static io.temblor.script.value.ValueDescriptor.TYPE_BOOL;
import static io.temblor.script.value.ValueDescriptor.TYPE_FLOAT;
import static io.temblor.script.value.ValueDescriptor.TYPE_INT;
import static io.temblor.script.value.ValueDescriptor.TYPE_NULL;
import static io.temblor.script.value.ValueDescriptor.TYPE_RECORD;
import static io.temblor.script.value.ValueDescriptor.TYPE_STRING;
import static io.temblor.script.value.ValueDescriptor.TYPE_UINT;

/**
 * Serializes any value (immediate, tape, arena, constant or state, nested in any mix) as compact JSON into a
 * {@link ByteSink}. Tape subtrees go through {@link JsonWriter} unchanged, strings through its RFC 8259 escaping,
 * numbers through {@link NumberWriter} (floats always read back as floats). Binaries, which JSON lacks, are written as
 * arrays of byte values. Reusable and allocation free in steady state; not thread safe: one owner thread.
 */
public final class ValueWriter
{
    private static final byte[] TRUE_BYTES = {'t', 'r', 'u', 'e'};
    private static final byte[] FALSE_BYTES = {'f', 'a', 'l', 's', 'e'};
    private static final byte[] NULL_BYTES = {'n', 'u', 'l', 'l'};

    private final JsonWriter jsonWriter = new JsonWriter();
    private final byte[] number = new byte[NumberWriter.MAX_DOUBLE_LENGTH + 8];
    private long[] slots = new long[64];
    private int top;

    /**
     * Writes a value.
     *
     * @param context resolves the value's stores.
     * @param handle the value's handle.
     * @param bits its bits.
     * @param sink destination (appended to).
     * @return bytes written.
     */
    public long write(final ValueContext context, final long handle, final long bits, final ByteSink sink)
    {
        final long start = sink.position();
        writeValue(context, handle, bits, sink);
        return sink.position() - start;
    }

    private void writeValue(final ValueContext context, final long handle, final long bits, final ByteSink sink)
    {
        switch (Values.type(handle))
        {
            case TYPE_NULL -> sink.write(NULL_BYTES, 0, NULL_BYTES.length);
            case TYPE_BOOL ->
            {
                if (bits != 0)
                {
                    sink.write(TRUE_BYTES, 0, TRUE_BYTES.length);
                }
                else
                {
                    sink.write(FALSE_BYTES, 0, FALSE_BYTES.length);
                }
            }
            case TYPE_INT -> sink.write(number, 0, NumberWriter.writeLong(bits, number, 0));
            case TYPE_UINT -> sink.write(number, 0, NumberWriter.writeUnsignedLong(bits, number, 0));
            case TYPE_FLOAT -> sink.write(number, 0, NumberWriter.writeDouble(Double.longBitsToDouble(bits), number, 0));
            case TYPE_STRING -> JsonWriter.writeString(context.segment(handle), context.stringOffset(handle),
                context.stringLength(handle), sink);
            case TYPE_BINARY -> writeBinary(context, handle, sink);
            case TYPE_ARRAY, TYPE_RECORD ->
            {
                if (Values.store(handle) == STORE_TAPE)
                {
                    jsonWriter.write(context.tape(), (int)Values.index(handle), sink);
                }
                else
                {
                    writeContainer(context, handle, sink);
                }
            }
            default -> throw new IllegalArgumentException("unknown value type " + Values.type(handle));
        }
    }

    private void writeContainer(final ValueContext context, final long handle, final ByteSink sink)
    {
        final boolean record = Values.type(handle) == TYPE_RECORD;
        if (top + 2 > slots.length)
        {
            slots = Arrays.copyOf(slots, slots.length * 2);
        }
        final int at = top;
        top += 2;
        try
        {
            sink.writeByte(record ? '{' : '[');
            boolean comma = false;
            for (int p = context.first(handle); p >= 0; p = context.next(handle, p))
            {
                if (comma)
                {
                    sink.writeByte(',');
                }
                comma = true;
                final long[] s = slots;
                if (record)
                {
                    context.entryKey(handle, p, s, at);
                    final long key = s[at];
                    JsonWriter.writeString(context.segment(key), context.stringOffset(key), context.stringLength(key), sink);
                    sink.writeByte(':');
                }
                context.entryValue(handle, p, s, at);
                writeValue(context, s[at], s[at + 1], sink);
            }
            sink.writeByte(record ? '}' : ']');
        }
        finally
        {
            top = at;
        }
    }

    private void writeBinary(final ValueContext context, final long handle, final ByteSink sink)
    {
        final int n = context.stringLength(handle);
        sink.writeByte('[');
        for (int i = 0; i < n; i++)
        {
            if (i > 0)
            {
                sink.writeByte(',');
            }
            sink.write(number, 0, NumberWriter.writeLong(context.stringByte(handle, i) & 0xFF, number, 0));
        }
        sink.writeByte(']');
    }
}
