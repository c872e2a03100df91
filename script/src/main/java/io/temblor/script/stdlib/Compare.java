package io.temblor.script.stdlib;

import io.temblor.script.value.ValueContext;
import io.temblor.script.value.Values;

import static io.temblor.script.value.ValueDescriptor.TYPE_ARRAY;
import static io.temblor.script.value.ValueDescriptor.TYPE_BINARY;
import static io.temblor.script.value.ValueDescriptor.TYPE_BOOL;
import static io.temblor.script.value.ValueDescriptor.TYPE_FLOAT;
import static io.temblor.script.value.ValueDescriptor.TYPE_INT;
import static io.temblor.script.value.ValueDescriptor.TYPE_NULL;
import static io.temblor.script.value.ValueDescriptor.TYPE_STRING;
import static io.temblor.script.value.ValueDescriptor.TYPE_UINT;

/**
 * A total order over values for {@code array::sort}: null, bools, numbers, strings, arrays (element-wise), records
 * (by length); within numbers by value. Stateless.
 */
final class Compare
{
    private Compare()
    {
    }

    private static int rank(final long h)
    {
        return switch (Values.type(h))
        {
            case TYPE_NULL -> 0;
            case TYPE_BOOL -> 1;
            case TYPE_INT, TYPE_UINT, TYPE_FLOAT -> 2;
            case TYPE_STRING, TYPE_BINARY -> 3;
            case TYPE_ARRAY -> 4;
            default -> 5;
        };
    }

    static int compare(final ValueContext ctx, final long ah, final long ab, final long bh, final long bb)
    {
        final int ra = rank(ah);
        final int rb = rank(bh);
        if (ra != rb)
        {
            return Integer.compare(ra, rb);
        }
        switch (ra)
        {
            case 1:
                return Long.compare(ab, bb);
            case 2:
            {
                final int ta = Values.type(ah);
                final int tb = Values.type(bh);
                if (ta == TYPE_INT && tb == TYPE_INT)
                {
                    return Long.compare(ab, bb);
                }
                if (ta != TYPE_FLOAT && tb != TYPE_FLOAT && ta == TYPE_UINT && tb == TYPE_UINT)
                {
                    return Long.compareUnsigned(ab, bb);
                }
                return Double.compare(Values.toDouble(ah, ab), Values.toDouble(bh, bb));
            }
            case 3:
                return ctx.compareStrings(ah, bh);
            case 4:
            {
                final int na = ctx.length(ah);
                final int nb = ctx.length(bh);
                final long[] s = new long[4];
                for (int i = 0; i < Math.min(na, nb); i++)
                {
                    ctx.element(ah, i, s, 0);
                    ctx.element(bh, i, s, 2);
                    final int c = compare(ctx, s[0], s[1], s[2], s[3]);
                    if (c != 0)
                    {
                        return c;
                    }
                }
                return Integer.compare(na, nb);
            }
            case 5:
                return Integer.compare(ctx.length(ah), ctx.length(bh));
            default:
                return 0;
        }
    }
}
