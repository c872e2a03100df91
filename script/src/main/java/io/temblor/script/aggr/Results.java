package io.temblor.script.aggr;

import io.temblor.script.value.ValueContext;

import java.nio.charset.StandardCharsets;

/** Building the result records of hdr and dds in the event arena without heap allocation. */
final class Results
{
    static final byte[] COUNT = bytes("count");
    static final byte[] SUM = bytes("sum");
    static final byte[] MIN = bytes("min");
    static final byte[] MAX = bytes("max");
    static final byte[] MEAN = bytes("mean");
    static final byte[] STDEV = bytes("stdev");
    static final byte[] VAR = bytes("var");
    static final byte[] PERCENTILES = bytes("percentiles");

    private Results()
    {
    }

    /**
     * Appends a member with a new arena key to the record at {@code slots[0]} (updated in place).
     *
     * @param ctx the context.
     * @param slots {@code [record handle, record bits, key handle, key bits]}.
     * @param key the key's bytes (distinct from the record's other keys).
     * @param handle the value's handle.
     * @param bits the value's bits.
     */
    static void append(final ValueContext ctx, final long[] slots, final byte[] key, final long handle, final long bits)
    {
        ctx.newString(key, 0, key.length, slots, 2);
        ctx.append(slots[0], slots[2], handle, bits, slots, 0);
    }

    private static byte[] bytes(final String s)
    {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
