package io.temblor.script.stdlib;

import io.temblor.script.value.ValueContext;
import io.temblor.script.value.Values;

import java.util.ArrayList;
import java.util.List;

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
 * tremor-value's {@code Ord} and {@code PartialEq} on values, which the builtins use where Tremor's Rust code does
 * ({@code array::sort}, {@code array::contains}); the script operators use {@code val_eq} instead
 * ({@link ValueContext#equal}). The order: records (by size, then sorted keys, then values in key order) &lt; arrays
 * (element-wise) &lt; strings and binaries (bytes) &lt; numbers &lt; booleans &lt; null; an integer and a float compare
 * as the integer and the float truncated to an integer. Equality: an integer never equals a float, floats are equal
 * within 4 ulps or {@code f64::EPSILON}, a string never equals a binary. Stateless.
 */
final class Compare
{
    private static final int MAX_ULPS = 4;
    private static final double TWO_POW_64 = 18446744073709551616.0;
    private static final double TWO_POW_63 = 9223372036854775808.0;

    private Compare()
    {
    }

    private static int rank(final int type)
    {
        return switch (type)
        {
            case TYPE_RECORD -> 0;
            case TYPE_ARRAY -> 1;
            case TYPE_STRING, TYPE_BINARY -> 2;
            case TYPE_INT, TYPE_UINT, TYPE_FLOAT -> 3;
            case TYPE_BOOL -> 4;
            default -> 5;
        };
    }

    /**
     * Tremor's order of two values.
     *
     * @param ctx the values' context.
     * @param ah first handle.
     * @param ab first bits.
     * @param bh second handle.
     * @param bb second bits.
     * @return negative, zero or positive.
     */
    static int compare(final ValueContext ctx, final long ah, final long ab, final long bh, final long bb)
    {
        final int ta = Values.type(ah);
        final int tb = Values.type(bh);
        final int ra = rank(ta);
        final int rb = rank(tb);
        if (ra != rb)
        {
            return Integer.compare(ra, rb);
        }
        return switch (ra)
        {
            case 0 -> compareRecords(ctx, ah, bh);
            case 1 -> compareArrays(ctx, ah, bh);
            case 2 -> ctx.compareStrings(ah, bh);
            case 3 -> compareNumbers(ta, ab, tb, bb);
            case 4 -> Long.compare(ab, bb);
            default -> 0;
        };
    }

    private static int compareNumbers(final int ta, final long ab, final int tb, final long bb)
    {
        if (ta == TYPE_FLOAT && tb == TYPE_FLOAT)
        {
            final double x = Double.longBitsToDouble(ab);
            final double y = Double.longBitsToDouble(bb);
            return x > y ? 1 : x < y ? -1 : 0;
        }
        if (ta == TYPE_FLOAT)
        {
            return -compareIntegerWithFloat(tb, bb, Double.longBitsToDouble(ab));
        }
        if (tb == TYPE_FLOAT)
        {
            return compareIntegerWithFloat(ta, ab, Double.longBitsToDouble(bb));
        }
        if (ta == TYPE_UINT || tb == TYPE_UINT)
        {
            // a negative int is below every uint, so the unsigned order of the bits is wrong only for those
            if (ta == TYPE_INT && ab < 0)
            {
                return -1;
            }
            if (tb == TYPE_INT && bb < 0)
            {
                return 1;
            }
            return Long.compareUnsigned(ab, bb);
        }
        return Long.compare(ab, bb);
    }

    /** An integer against a float: Rust compares with the float cast (saturating, truncating) to the integer's type. */
    private static int compareIntegerWithFloat(final int type, final long bits, final double f)
    {
        if (type == TYPE_UINT)
        {
            if (f < 0)
            {
                return 1;
            }
            if (f >= TWO_POW_64)
            {
                return -1;
            }
            final long cast = f >= TWO_POW_63 ? (long)(f - TWO_POW_63) + Long.MIN_VALUE : (long)f;
            return Long.compareUnsigned(bits, cast);
        }
        // (long) casts like Rust's `as i64`: truncating, saturating, NaN to 0
        return Long.compare(bits, (long)f);
    }

    private static int compareArrays(final ValueContext ctx, final long a, final long b)
    {
        final int na = ctx.length(a);
        final int nb = ctx.length(b);
        final long[] s = new long[4];
        for (int i = 0; i < Math.min(na, nb); i++)
        {
            ctx.element(a, i, s, 0);
            ctx.element(b, i, s, 2);
            final int c = compare(ctx, s[0], s[1], s[2], s[3]);
            if (c != 0)
            {
                return c;
            }
        }
        return Integer.compare(na, nb);
    }

    private static int compareRecords(final ValueContext ctx, final long a, final long b)
    {
        final int size = Integer.compare(ctx.length(a), ctx.length(b));
        if (size != 0)
        {
            return size;
        }
        final List<byte[]> ka = sortedKeys(ctx, a);
        final List<byte[]> kb = sortedKeys(ctx, b);
        for (int i = 0; i < ka.size(); i++)
        {
            final int c = java.util.Arrays.compareUnsigned(ka.get(i), kb.get(i));
            if (c != 0)
            {
                return c;
            }
        }
        final long[] s = new long[4];
        for (final byte[] key : ka)
        {
            final String k = new String(key, java.nio.charset.StandardCharsets.UTF_8);
            ctx.get(a, k, s, 0);
            ctx.get(b, k, s, 2);
            final int c = compare(ctx, s[0], s[1], s[2], s[3]);
            if (c != 0)
            {
                return c;
            }
        }
        return 0;
    }

    private static List<byte[]> sortedKeys(final ValueContext ctx, final long record)
    {
        final List<byte[]> keys = new ArrayList<>(ctx.length(record));
        final long[] s = new long[2];
        for (int p = ctx.first(record); p >= 0; p = ctx.next(record, p))
        {
            ctx.entryKey(record, p, s, 0);
            final byte[] key = new byte[ctx.stringLength(s[0])];
            ctx.stringBytes(s[0], key, 0);
            keys.add(key);
        }
        keys.sort(java.util.Arrays::compareUnsigned);
        return keys;
    }

    /**
     * tremor-value's equality of two values (not the script's {@code ==}).
     *
     * @param ctx the values' context.
     * @param ah first handle.
     * @param ab first bits.
     * @param bh second handle.
     * @param bb second bits.
     * @return whether they are equal.
     */
    static boolean equal(final ValueContext ctx, final long ah, final long ab, final long bh, final long bb)
    {
        final int ta = Values.type(ah);
        final int tb = Values.type(bh);
        switch (ta)
        {
            case TYPE_NULL:
                return tb == TYPE_NULL;
            case TYPE_BOOL:
                return tb == TYPE_BOOL && ab == bb;
            case TYPE_INT, TYPE_UINT:
                return (tb == TYPE_INT || tb == TYPE_UINT) && ab == bb && (ta == tb || ab >= 0);
            case TYPE_FLOAT:
                return tb == TYPE_FLOAT && floatsEqual(Double.longBitsToDouble(ab), Double.longBitsToDouble(bb));
            case TYPE_STRING, TYPE_BINARY:
                return tb == ta && ctx.stringEquals(ah, bh);
            case TYPE_ARRAY:
            {
                if (tb != TYPE_ARRAY || ctx.length(ah) != ctx.length(bh))
                {
                    return false;
                }
                final long[] s = new long[4];
                for (int i = 0; i < ctx.length(ah); i++)
                {
                    ctx.element(ah, i, s, 0);
                    ctx.element(bh, i, s, 2);
                    if (!equal(ctx, s[0], s[1], s[2], s[3]))
                    {
                        return false;
                    }
                }
                return true;
            }
            case TYPE_RECORD:
            {
                if (tb != TYPE_RECORD || ctx.length(ah) != ctx.length(bh))
                {
                    return false;
                }
                final long[] s = new long[6];
                for (int p = ctx.first(ah); p >= 0; p = ctx.next(ah, p))
                {
                    ctx.entryKey(ah, p, s, 0);
                    ctx.entryValue(ah, p, s, 2);
                    if (!ctx.get(bh, s[0], s, 4) || !equal(ctx, s[2], s[3], s[4], s[5]))
                    {
                        return false;
                    }
                }
                return true;
            }
            default:
                return false;
        }
    }

    /** The float-cmp crate's {@code approx_eq!(f64, a, b)}: equal, within {@code f64::EPSILON}, or within 4 ulps. */
    private static boolean floatsEqual(final double a, final double b)
    {
        if (a == b || Math.abs(a - b) <= Math.ulp(1.0))
        {
            return true;
        }
        final long ulps = Double.doubleToRawLongBits(a) - Double.doubleToRawLongBits(b);
        return ulps != Long.MIN_VALUE && Math.abs(ulps) <= MAX_ULPS;
    }
}
