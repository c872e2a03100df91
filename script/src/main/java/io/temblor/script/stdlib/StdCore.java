package io.temblor.script.stdlib;

import io.temblor.script.extract.Numbers;
import io.temblor.script.runtime.Builtin;
import io.temblor.script.runtime.Env;
import io.temblor.script.value.ValueContext;
import io.temblor.script.value.Values;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.temblor.script.stdlib.Stdlib.arg;
import static io.temblor.script.stdlib.Stdlib.b;
import static io.temblor.script.stdlib.Stdlib.h;
import static io.temblor.script.stdlib.Stdlib.isNumber;
import static io.temblor.script.stdlib.Stdlib.isString;
import static io.temblor.script.stdlib.Stdlib.setString;
import static io.temblor.script.stdlib.Stdlib.type;
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
 * {@code std::array}, {@code std::record}, {@code std::string} (part), {@code std::math}, {@code std::integer},
 * {@code std::float}, {@code std::type}, {@code std::range}, {@code std::path}. Functions that build Java strings
 * allocate on the heap (noted in the README as not yet allocation free).
 */
final class StdCore
{
    private StdCore()
    {
    }

    static void register(final Map<String, Builtin> r)
    {
        r.put("array::len", (e, a, n, at) ->
        {
            if (type(e, a, 0) != TYPE_ARRAY)
            {
                return Builtin.BAD_TYPE;
            }
            e.set(at, Values.INT, e.ctx.length(h(e, a, 0)));
            return Builtin.OK;
        });
        r.put("array::is_empty", (e, a, n, at) ->
        {
            if (type(e, a, 0) != TYPE_ARRAY)
            {
                return Builtin.BAD_TYPE;
            }
            e.setBool(at, e.ctx.length(h(e, a, 0)) == 0);
            return Builtin.OK;
        });
        r.put("array::push", (e, a, n, at) ->
        {
            if (type(e, a, 0) != TYPE_ARRAY)
            {
                return Builtin.BAD_TYPE;
            }
            final ValueContext ctx = e.ctx;
            ctx.exclusive(h(e, a, 0), e.regs, at);
            ctx.push(e.regs[at], h(e, a, 1), b(e, a, 1), e.regs, at);
            return Builtin.OK;
        });
        r.put("array::contains", (e, a, n, at) ->
        {
            if (type(e, a, 0) != TYPE_ARRAY)
            {
                return Builtin.BAD_TYPE;
            }
            final ValueContext ctx = e.ctx;
            final long arr = h(e, a, 0);
            final int t = e.scratch(2);
            boolean found = false;
            for (int p = ctx.first(arr); p >= 0 && !found; p = ctx.next(arr, p))
            {
                ctx.entryValue(arr, p, e.tmp, t);
                found = Compare.equal(ctx, e.tmp[t], e.tmp[t + 1], h(e, a, 1), b(e, a, 1));
            }
            e.release(t);
            e.setBool(at, found);
            return Builtin.OK;
        });
        r.put("array::sort", (e, a, n, at) -> sortOrReverse(e, a, at, true));
        r.put("array::reverse", (e, a, n, at) -> sortOrReverse(e, a, at, false));
        r.put("array::concatenate", (e, a, n, at) ->
        {
            if (type(e, a, 0) != TYPE_ARRAY || type(e, a, 1) != TYPE_ARRAY)
            {
                return Builtin.BAD_TYPE;
            }
            io.temblor.script.runtime.Ops.binary(e, io.temblor.script.ast.BinOp.ADD, h(e, a, 0), 0, h(e, a, 1), 0, at, null);
            return Builtin.OK;
        });
        r.put("array::join", (e, a, n, at) ->
        {
            if (type(e, a, 0) != TYPE_ARRAY || !isString(e, a, 1))
            {
                return Builtin.BAD_TYPE;
            }
            // each element as Rust displays it (strings as they are, containers in their Debug form)
            final ValueContext ctx = e.ctx;
            final long arr = h(e, a, 0);
            final String separator = arg(e, a, 1);
            final StringBuilder out = new StringBuilder();
            final long[] s = new long[2];
            for (int p = ctx.first(arr), i = 0; p >= 0; p = ctx.next(arr, p), i++)
            {
                ctx.entryValue(arr, p, s, 0);
                Rendering.display(ctx, s[0], s[1], out.append(i > 0 ? separator : ""));
            }
            setString(e, at, out.toString());
            return Builtin.OK;
        });
        r.put("record::len", (e, a, n, at) ->
        {
            if (type(e, a, 0) != TYPE_RECORD)
            {
                return Builtin.BAD_TYPE;
            }
            e.set(at, Values.INT, e.ctx.length(h(e, a, 0)));
            return Builtin.OK;
        });
        r.put("record::is_empty", (e, a, n, at) ->
        {
            if (type(e, a, 0) != TYPE_RECORD)
            {
                return Builtin.BAD_TYPE;
            }
            e.setBool(at, e.ctx.length(h(e, a, 0)) == 0);
            return Builtin.OK;
        });
        r.put("record::contains", (e, a, n, at) ->
        {
            if (type(e, a, 0) != TYPE_RECORD || !isString(e, a, 1))
            {
                return Builtin.BAD_TYPE;
            }
            final int t = e.scratch(2);
            e.setBool(at, e.ctx.get(h(e, a, 0), h(e, a, 1), e.tmp, t));
            e.release(t);
            return Builtin.OK;
        });
        r.put("record::keys", (e, a, n, at) -> recordList(e, a, at, 0));
        r.put("record::values", (e, a, n, at) -> recordList(e, a, at, 1));
        r.put("record::to_array", (e, a, n, at) -> recordList(e, a, at, 2));
        r.put("record::from_array", StdCore::fromArray);
        r.put("math::max", (e, a, n, at) -> minMax(e, a, at, true));
        r.put("math::min", (e, a, n, at) -> minMax(e, a, at, false));
        r.put("math::floor", (e, a, n, at) -> rounding(e, a, at, 0));
        r.put("math::ceil", (e, a, n, at) -> rounding(e, a, at, 1));
        r.put("math::round", (e, a, n, at) -> rounding(e, a, at, 2));
        r.put("math::trunc", (e, a, n, at) -> rounding(e, a, at, 3));
        r.put("integer::parse", (e, a, n, at) ->
        {
            if (!isString(e, a, 0))
            {
                return Builtin.BAD_TYPE;
            }
            final long[] v = new long[1];
            final String error = Numbers.parseLong(arg(e, a, 0), v);
            if (null != error)
            {
                return e.fail(error);
            }
            e.set(at, Values.INT, v[0]);
            return Builtin.OK;
        });
        r.put("float::parse", (e, a, n, at) ->
        {
            if (!isString(e, a, 0))
            {
                return Builtin.BAD_TYPE;
            }
            final long[] v = new long[1];
            final String error = Numbers.parseDouble(arg(e, a, 0), v);
            if (null != error)
            {
                return e.fail(error);
            }
            e.set(at, Values.FLOAT, v[0]);
            return Builtin.OK;
        });
        r.put("range::range", (e, a, n, at) ->
        {
            // both u64 (a uint handle or a non-negative int) or both i64, as Tremor's as_u64/as_i64 ladder
            final int ta = type(e, a, 0);
            final int tb = type(e, a, 1);
            final long from = b(e, a, 0);
            final long to = b(e, a, 1);
            final boolean unsigned = (ta == TYPE_UINT || (ta == TYPE_INT && from >= 0)) &&
                (tb == TYPE_UINT || (tb == TYPE_INT && to >= 0));
            if (!unsigned && (ta != TYPE_INT || tb != TYPE_INT))
            {
                return Builtin.BAD_TYPE;
            }
            final boolean empty = unsigned ? Long.compareUnsigned(from, to) >= 0 : from >= to;
            e.ctx.newArray(empty ? 1 : (int)Math.min(1 << 20, Math.max(1, to - from)), e.regs, at);
            for (long i = from; !empty && i != to; i++)
            {
                e.ctx.push(e.regs[at], unsigned ? Values.unsignedHandle(i) : Values.INT, i, e.regs, at);
            }
            return Builtin.OK;
        });
        typeFunctions(r);
        r.put("path::try_default", StdCore::tryDefault);
        r.put("string::format", StdCore::format);
        r.put("string::len", (e, a, n, at) ->
        {
            if (!isString(e, a, 0))
            {
                return Builtin.BAD_TYPE;
            }
            e.set(at, Values.INT, arg(e, a, 0).codePointCount(0, arg(e, a, 0).length()));
            return Builtin.OK;
        });
        r.put("string::bytes", (e, a, n, at) ->
        {
            if (!isString(e, a, 0))
            {
                return Builtin.BAD_TYPE;
            }
            e.set(at, Values.INT, e.ctx.stringLength(h(e, a, 0)));
            return Builtin.OK;
        });
    }

    private static void typeFunctions(final Map<String, Builtin> r)
    {
        r.put("type::is_null", (e, a, n, at) -> typeIs(e, a, at, TYPE_NULL, -1));
        r.put("type::is_bool", (e, a, n, at) -> typeIs(e, a, at, TYPE_BOOL, -1));
        // Rust's is_i64: a u64 above i64::MAX is not one
        r.put("type::is_integer", (e, a, n, at) -> typeIs(e, a, at, TYPE_INT, -1));
        r.put("type::is_float", (e, a, n, at) -> typeIs(e, a, at, TYPE_FLOAT, -1));
        r.put("type::is_number", (e, a, n, at) ->
        {
            e.setBool(at, isNumber(e, a, 0));
            return Builtin.OK;
        });
        r.put("type::is_string", (e, a, n, at) -> typeIs(e, a, at, TYPE_STRING, -1));
        r.put("type::is_array", (e, a, n, at) -> typeIs(e, a, at, TYPE_ARRAY, -1));
        r.put("type::is_record", (e, a, n, at) -> typeIs(e, a, at, TYPE_RECORD, -1));
        r.put("type::is_binary", (e, a, n, at) -> typeIs(e, a, at, TYPE_BINARY, -1));
        r.put("type::as_string", (e, a, n, at) ->
        {
            setString(e, at, switch (type(e, a, 0))
            {
                case TYPE_NULL -> "null";
                case TYPE_BOOL -> "bool";
                case TYPE_INT, TYPE_UINT -> "integer";
                case TYPE_FLOAT -> "float";
                case TYPE_STRING -> "string";
                case TYPE_ARRAY -> "array";
                case TYPE_RECORD -> "record";
                default -> "bytes";
            });
            return Builtin.OK;
        });
    }

    private static int typeIs(final Env e, final int a, final int at, final int t1, final int t2)
    {
        final int t = type(e, a, 0);
        e.setBool(at, t == t1 || t == t2);
        return Builtin.OK;
    }

    private static int recordList(final Env e, final int a, final int at, final int what)
    {
        if (type(e, a, 0) != TYPE_RECORD)
        {
            return Builtin.BAD_TYPE;
        }
        final ValueContext ctx = e.ctx;
        final long rec = h(e, a, 0);
        ctx.newArray(Math.max(1, ctx.length(rec)), e.regs, at);
        final int t = e.scratch(6);
        for (int p = ctx.first(rec); p >= 0; p = ctx.next(rec, p))
        {
            ctx.entryKey(rec, p, e.tmp, t);
            ctx.entryValue(rec, p, e.tmp, t + 2);
            switch (what)
            {
                case 0 -> ctx.push(e.regs[at], e.tmp[t], 0, e.regs, at);
                case 1 -> ctx.push(e.regs[at], e.tmp[t + 2], e.tmp[t + 3], e.regs, at);
                default ->
                {
                    ctx.newArray(2, e.tmp, t + 4);
                    ctx.push(e.tmp[t + 4], e.tmp[t], 0, e.tmp, t + 4);
                    ctx.push(e.tmp[t + 4], e.tmp[t + 2], e.tmp[t + 3], e.tmp, t + 4);
                    ctx.push(e.regs[at], e.tmp[t + 4], 0, e.regs, at);
                }
            }
        }
        e.release(t);
        return Builtin.OK;
    }

    private static int fromArray(final Env e, final int a, final int argc, final int at)
    {
        if (type(e, a, 0) != TYPE_ARRAY)
        {
            return Builtin.BAD_TYPE;
        }
        final ValueContext ctx = e.ctx;
        final long arr = h(e, a, 0);
        ctx.newRecord(Math.max(1, ctx.length(arr)), e.regs, at);
        final int t = e.scratch(6);
        try
        {
            for (int p = ctx.first(arr); p >= 0; p = ctx.next(arr, p))
            {
                ctx.entryValue(arr, p, e.tmp, t);
                final long pair = e.tmp[t];
                // Tremor's messages, typos included
                if (Values.type(pair) != TYPE_ARRAY)
                {
                    final StringBuilder debug = new StringBuilder("Onlay arrays that consist of tuples (arrays of two " +
                        "elements) can be turned into records but this array contained: ");
                    Rendering.debug(ctx, pair, e.tmp[t + 1], debug);
                    return e.fail(debug.toString());
                }
                if (ctx.length(pair) != 2)
                {
                    return e.fail("Onlay arrays that consist of tuples (arrays of two elements) can be trurned into an " +
                        "record this array contained " + ctx.length(pair) + " elements");
                }
                ctx.element(pair, 0, e.tmp, t + 2);
                ctx.element(pair, 1, e.tmp, t + 4);
                if (Values.type(e.tmp[t + 2]) != TYPE_STRING)
                {
                    // Tremor prints the tuple after popping both elements off it
                    return e.fail("The first element of the tuple needs to be a string: []");
                }
                ctx.put(e.regs[at], e.tmp[t + 2], e.tmp[t + 4], e.tmp[t + 5], e.regs, at);
            }
            return Builtin.OK;
        }
        finally
        {
            e.release(t);
        }
    }

    private static int minMax(final Env e, final int a, final int at, final boolean max)
    {
        final int ta = type(e, a, 0);
        final int tb = type(e, a, 1);
        final long ab = b(e, a, 0);
        final long bb = b(e, a, 1);
        final boolean aU = ta == TYPE_UINT || (ta == TYPE_INT && ab >= 0);
        final boolean bU = tb == TYPE_UINT || (tb == TYPE_INT && bb >= 0);
        if (aU && bU)
        {
            final boolean pickA = max ? Long.compareUnsigned(ab, bb) >= 0 : Long.compareUnsigned(ab, bb) <= 0;
            final long v = pickA ? ab : bb;
            e.set(at, Values.unsignedHandle(v), v);
        }
        else if (ta == TYPE_INT && tb == TYPE_INT)
        {
            e.set(at, Values.INT, max ? Math.max(ab, bb) : Math.min(ab, bb));
        }
        else if (isNumber(e, a, 0) && isNumber(e, a, 1))
        {
            final double x = Values.toDouble(h(e, a, 0), ab);
            final double y = Values.toDouble(h(e, a, 1), bb);
            final double v = max ? (x >= y ? x : y) : (x <= y ? x : y);
            e.set(at, Values.FLOAT, Double.doubleToRawLongBits(v));
        }
        else
        {
            return Builtin.BAD_TYPE;
        }
        return Builtin.OK;
    }

    private static int rounding(final Env e, final int a, final int at, final int mode)
    {
        final int t = type(e, a, 0);
        if (t == TYPE_INT || t == TYPE_UINT)
        {
            e.set(at, h(e, a, 0), b(e, a, 0));
            return Builtin.OK;
        }
        if (t != TYPE_FLOAT)
        {
            return Builtin.BAD_TYPE;
        }
        final double x = Double.longBitsToDouble(b(e, a, 0));
        final double v = switch (mode)
        {
            case 0 -> Math.floor(x);
            case 1 -> Math.ceil(x);
            case 2 -> Numbers.round(x);
            default -> x < 0 ? Math.ceil(x) : Math.floor(x);
        };
        // Tremor: `f as i64` below zero, `f as u64` otherwise (both saturating)
        if (v < 0)
        {
            e.set(at, Values.INT, (long)v);
        }
        else
        {
            final long bits = Numbers.toUnsigned(v);
            e.set(at, Values.unsignedHandle(bits), bits);
        }
        return Builtin.OK;
    }

    private static int sortOrReverse(final Env e, final int a, final int at, final boolean sort)
    {
        if (type(e, a, 0) != TYPE_ARRAY)
        {
            return Builtin.BAD_TYPE;
        }
        final ValueContext ctx = e.ctx;
        final long arr = h(e, a, 0);
        final int n = ctx.length(arr);
        final List<long[]> items = new ArrayList<>(n);
        final long[] s = new long[2];
        for (int p = ctx.first(arr); p >= 0; p = ctx.next(arr, p))
        {
            ctx.entryValue(arr, p, s, 0);
            items.add(new long[] {s[0], s[1]});
        }
        if (sort)
        {
            items.sort((x, y) -> Compare.compare(ctx, x[0], x[1], y[0], y[1]));
        }
        else
        {
            java.util.Collections.reverse(items);
        }
        ctx.newArray(Math.max(1, n), e.regs, at);
        for (final long[] item : items)
        {
            ctx.push(e.regs[at], item[0], item[1], e.regs, at);
        }
        return Builtin.OK;
    }

    private static int tryDefault(final Env e, final int a, final int argc, final int at)
    {
        final ValueContext ctx = e.ctx;
        final long base = h(e, a, 0);
        final int bt = Values.type(base);
        if (bt == TYPE_NULL)
        {
            e.set(at, h(e, a, 2), b(e, a, 2));
            return Builtin.OK;
        }
        if (bt != TYPE_RECORD && bt != TYPE_ARRAY)
        {
            return e.fail("Expected record or array or literal `null` as first argument");
        }
        final long segments = h(e, a, 1);
        if (Values.type(segments) != TYPE_ARRAY)
        {
            return e.fail("Expected path segment array as second argument");
        }
        final int t = e.scratch(4);
        try
        {
            long pivotH = base;
            long pivotB = b(e, a, 0);
            int i = 0;
            final int count = ctx.length(segments);
            for (int p = ctx.first(segments); p >= 0; p = ctx.next(segments, p))
            {
                ctx.entryValue(segments, p, e.tmp, t);
                final long seg = e.tmp[t];
                final long segBits = e.tmp[t + 1];
                boolean moved = false;
                if (Values.type(seg) == TYPE_STRING && Values.type(pivotH) == TYPE_RECORD)
                {
                    if (ctx.get(pivotH, seg, e.tmp, t + 2))
                    {
                        moved = true;
                    }
                    else
                    {
                        e.set(at, h(e, a, 2), b(e, a, 2));
                        return Builtin.OK;
                    }
                }
                else if (Values.type(pivotH) == TYPE_ARRAY)
                {
                    if (Values.type(seg) == TYPE_INT && segBits >= 0 && ctx.element(pivotH, (int)segBits, e.tmp, t + 2))
                    {
                        moved = true;
                    }
                    else
                    {
                        e.set(at, h(e, a, 2), b(e, a, 2));
                        return Builtin.OK;
                    }
                }
                if (moved)
                {
                    pivotH = e.tmp[t + 2];
                    pivotB = e.tmp[t + 3];
                    i++;
                }
            }
            if (i > 0 && count > i)
            {
                e.set(at, h(e, a, 2), b(e, a, 2));
                return Builtin.OK;
            }
            e.set(at, pivotH, pivotB);
            return Builtin.OK;
        }
        finally
        {
            e.release(t);
        }
    }

    private static int format(final Env e, final int a, final int argc, final int at)
    {
        if (argc == 0)
        {
            return e.badArity(0);
        }
        if (!isString(e, a, 0))
        {
            return e.fail("expected 1st parameter to format to be a format specifier e.g. to print a number use " +
                "`string::format(\"{}\", 1)`");
        }
        final String fmt = arg(e, a, 0);
        final ValueContext ctx = e.ctx;
        final long mark = ctx.beginString();
        int next = 1;
        final int[] cps = fmt.codePoints().toArray();
        for (int pos = 0; pos < cps.length; pos++)
        {
            final int c = cps[pos];
            if (c == '\\')
            {
                if (pos + 1 >= cps.length)
                {
                    ctx.endString(mark, e.regs, at);
                    return e.fail("bad escape sequence at " + pos);
                }
                final int d = cps[++pos];
                if (d != '{' && d != '}')
                {
                    append(ctx, '\\');
                }
                append(ctx, d);
            }
            else if (c == '{')
            {
                final int open = pos;
                final int d = pos + 1 < cps.length ? cps[++pos] : -1;
                if (d == '}')
                {
                    if (next >= argc)
                    {
                        ctx.endString(mark, e.regs, at);
                        return e.fail("the arguments passed to the format function are less than the `{}` specifiers in " +
                            "the format string. The placeholder at " + open + " can not be filled");
                    }
                    if (type(e, a, next) == TYPE_BINARY)
                    {
                        // Tremor's encode() writes a binary as a quoted base64 string
                        final byte[] bytes = new byte[ctx.stringLength(h(e, a, next))];
                        ctx.stringBytes(h(e, a, next), bytes, 0);
                        final byte[] quoted = ('"' + java.util.Base64.getEncoder().encodeToString(bytes) + '"')
                            .getBytes(StandardCharsets.UTF_8);
                        ctx.appendBytes(quoted, 0, quoted.length);
                    }
                    else
                    {
                        ctx.appendValue(h(e, a, next), b(e, a, next));
                    }
                    next++;
                }
                else if (d == '{')
                {
                    append(ctx, '{');
                }
                else
                {
                    ctx.endString(mark, e.regs, at);
                    return e.fail("the format specifier at " + open + " is invalid. If you want to use `{` as a literal " +
                        "in the string, you need to escape it with `{{`");
                }
            }
            else if (c == '}')
            {
                if (pos + 1 < cps.length && cps[pos + 1] == '}')
                {
                    pos++;
                    append(ctx, '}');
                }
                else
                {
                    ctx.endString(mark, e.regs, at);
                    return e.fail("the format specifier at " + pos + " is invalid. You have to terminate `}` with another " +
                        "`}` to escape it");
                }
            }
            else
            {
                append(ctx, c);
            }
        }
        ctx.endString(mark, e.regs, at);
        if (next < argc)
        {
            return e.fail("too many parameters passed. Ensure that you have the same number of {} in your format string");
        }
        return Builtin.OK;
    }

    private static void append(final ValueContext ctx, final int codePoint)
    {
        final byte[] bytes = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8);
        ctx.appendBytes(bytes, 0, bytes.length);
    }
}
