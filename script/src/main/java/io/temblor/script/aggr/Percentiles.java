package io.temblor.script.aggr;

import io.temblor.script.error.Span;
import io.temblor.script.value.ValueContext;
import io.temblor.script.value.ValueDescriptor;
import io.temblor.script.value.Values;

import java.nio.charset.StandardCharsets;

/**
 * The percentiles of {@code stats::hdr} and {@code stats::dds}: Tremor's defaults until the first accumulate, then
 * fixed for the aggregate's life (init keeps them). The optional second argument is an array whose string elements
 * name the percentiles (non-string elements are skipped); each name is also the key of its result.
 */
final class Percentiles
{
    private static final String[] DEFAULTS = {"0.5", "0.9", "0.95", "0.99", "0.999", "0.9999", "0.99999"};

    private byte[][] keys;
    private double[] values;
    private int count;
    private boolean set;
    private final long[] tmp = new long[2];

    Percentiles()
    {
        use(DEFAULTS, DEFAULTS.length);
    }

    /**
     * Fixes the percentiles on the first accumulate: from the second argument when it is an array, else the defaults.
     * A name that is not a float is Tremor's runtime error, and the percentiles stay open for the next accumulate.
     *
     * @param ctx the context.
     * @param regs argument registers.
     * @param from first argument's handle index.
     * @param argc argument count.
     * @param span the call, for errors.
     * @param function {@code stats::hdr} or {@code stats::dds}.
     * @param debugError whether the parse error is shown in Rust's Debug form (hdr) or Display form (dds).
     */
    void accept(final ValueContext ctx, final long[] regs, final int from, final int argc, final Span span,
        final String function, final boolean debugError)
    {
        if (set)
        {
            return;
        }
        if (argc > 1 && Values.type(regs[from + 2]) == ValueDescriptor.TYPE_ARRAY)
        {
            final long array = regs[from + 2];
            final String[] names = new String[ctx.length(array)];
            int n = 0;
            for (int p = ctx.first(array); p >= 0; p = ctx.next(array, p))
            {
                ctx.entryValue(array, p, tmp, 0);
                if (Values.type(tmp[0]) == ValueDescriptor.TYPE_STRING)
                {
                    final byte[] bytes = new byte[ctx.stringLength(tmp[0])];
                    ctx.stringBytes(tmp[0], bytes, 0);
                    final String name = new String(bytes, StandardCharsets.UTF_8);
                    final String error = RustFloat.error(name);
                    if (error != null)
                    {
                        throw Args.runtimeError(span, function, 2, "Provided percentile '" + name + "' isn't a float: " +
                            (debugError ? "ParseFloatError { kind: " + error + " }" : RustFloat.display(error)));
                    }
                    names[n++] = name;
                }
            }
            use(names, n);
        }
        set = true;
    }

    /**
     * Takes another aggregate's percentiles when this one has none fixed yet (Tremor's merge).
     *
     * @param other the merged aggregate's percentiles.
     */
    void mergeFrom(final Percentiles other)
    {
        if (!set)
        {
            keys = other.keys;
            values = other.values;
            count = other.count;
            set = true;
        }
    }

    int count()
    {
        return count;
    }

    double value(final int i)
    {
        return values[i];
    }

    /**
     * Writes the i-th name as a new arena string.
     *
     * @param ctx the context.
     * @param i the index.
     * @param out slots.
     * @param at handle slot.
     */
    void key(final ValueContext ctx, final int i, final long[] out, final int at)
    {
        ctx.newString(keys[i], 0, keys[i].length, out, at);
    }

    private void use(final String[] names, final int n)
    {
        keys = new byte[n][];
        values = new double[n];
        for (int i = 0; i < n; i++)
        {
            keys[i] = names[i].getBytes(StandardCharsets.UTF_8);
            values[i] = RustFloat.parse(names[i]);
        }
        count = n;
    }
}
