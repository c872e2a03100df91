package io.temblor.script.stdlib;

import io.temblor.script.value.ValueContext;
import io.temblor.script.value.Values;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

import static io.temblor.script.value.ValueDescriptor.TYPE_ARRAY;
import static io.temblor.script.value.ValueDescriptor.TYPE_BINARY;
import static io.temblor.script.value.ValueDescriptor.TYPE_BOOL;
import static io.temblor.script.value.ValueDescriptor.TYPE_FLOAT;
import static io.temblor.script.value.ValueDescriptor.TYPE_INT;
import static io.temblor.script.value.ValueDescriptor.TYPE_RECORD;
import static io.temblor.script.value.ValueDescriptor.TYPE_STRING;
import static io.temblor.script.value.ValueDescriptor.TYPE_UINT;

/**
 * Values as Rust prints tremor-value's {@code Value}: its {@code Display} ({@code array::join}; strings as they are,
 * floats without exponent, containers in their {@code Debug} form) and its derived {@code Debug} (the messages of some
 * builtins: {@code Static(I64(1))}, {@code String("a")}, {@code Array([...])}, {@code Object({"k": ...})},
 * {@code Bytes([1, 2])}). Integers print as {@code I64}, or {@code U64} above {@code i64::MAX}: the value model does
 * not keep Tremor's {@code U64} of integer literals. Cold paths; they build Java strings.
 */
final class Rendering
{
    private static final double DEBUG_EXPONENT_ABOVE = 1e16;
    private static final double DEBUG_EXPONENT_BELOW = 1e-4;

    private Rendering()
    {
    }

    /**
     * Appends Rust's {@code Display} of a value.
     *
     * @param ctx the value's context.
     * @param h handle.
     * @param b bits.
     * @param out receives the text.
     */
    static void display(final ValueContext ctx, final long h, final long b, final StringBuilder out)
    {
        switch (Values.type(h))
        {
            case TYPE_STRING -> out.append(string(ctx, h));
            case TYPE_FLOAT -> out.append(displayFloat(Double.longBitsToDouble(b)));
            case TYPE_ARRAY -> debugElements(ctx, h, out);
            case TYPE_RECORD -> debugEntries(ctx, h, out);
            case TYPE_BINARY -> debugBytes(ctx, h, out.append("<<")).append(">>");
            default -> scalar(h, b, out);
        }
    }

    /**
     * Appends Rust's {@code Debug} of a value.
     *
     * @param ctx the value's context.
     * @param h handle.
     * @param b bits.
     * @param out receives the text.
     */
    static void debug(final ValueContext ctx, final long h, final long b, final StringBuilder out)
    {
        switch (Values.type(h))
        {
            case TYPE_STRING -> debugString(string(ctx, h), out.append("String(")).append(')');
            case TYPE_ARRAY -> debugElements(ctx, h, out.append("Array(")).append(')');
            case TYPE_RECORD -> debugEntries(ctx, h, out.append("Object(")).append(')');
            case TYPE_BINARY -> debugBytes(ctx, h, out.append("Bytes(")).append(')');
            case TYPE_BOOL -> out.append("Static(Bool(").append(b != 0).append("))");
            case TYPE_INT -> out.append("Static(I64(").append(b).append("))");
            case TYPE_UINT -> out.append("Static(U64(").append(Long.toUnsignedString(b)).append("))");
            case TYPE_FLOAT -> out.append("Static(F64(").append(debugFloat(Double.longBitsToDouble(b))).append("))");
            default -> out.append("Static(Null)");
        }
    }

    /**
     * Rust's {@code Display} of an f64: the shortest digits that read back, never with an exponent.
     *
     * @param d the value.
     * @return the text.
     */
    static String displayFloat(final double d)
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
            return 1 / d < 0 ? "-0" : "0";
        }
        return new BigDecimal(Double.toString(d)).stripTrailingZeros().toPlainString();
    }

    /**
     * Rust's {@code Debug} of an f64: like {@code Display} with at least one decimal, but with an exponent below
     * {@code 1e-4} and from {@code 1e16} on ({@code 1e16}, {@code 1.5e-7}).
     *
     * @param d the value.
     * @return the text.
     */
    static String debugFloat(final double d)
    {
        final double abs = Math.abs(d);
        if (Double.isFinite(d) && abs != 0 && (abs < DEBUG_EXPONENT_BELOW || abs >= DEBUG_EXPONENT_ABOVE))
        {
            final BigDecimal v = new BigDecimal(Double.toString(d)).stripTrailingZeros();
            final String digits = v.unscaledValue().abs().toString();
            final int exponent = digits.length() - 1 - v.scale();
            final String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            return (d < 0 ? "-" : "") + mantissa + "e" + exponent;
        }
        final String s = displayFloat(d);
        return Double.isFinite(d) && s.indexOf('.') < 0 ? s + ".0" : s;
    }

    /**
     * value-trait's {@code ValueType} display name of a value ({@code i64}, {@code u64}, {@code f64}, {@code object},
     * {@code bytes}, ...), as Tremor prints it in some messages.
     *
     * @param h the handle.
     * @return the name.
     */
    static String valueType(final long h)
    {
        return switch (Values.type(h))
        {
            case TYPE_BOOL -> "bool";
            case TYPE_INT -> "i64";
            case TYPE_UINT -> "u64";
            case TYPE_FLOAT -> "f64";
            case TYPE_STRING -> "string";
            case TYPE_ARRAY -> "array";
            case TYPE_RECORD -> "object";
            case TYPE_BINARY -> "bytes";
            default -> "null";
        };
    }

    private static void scalar(final long h, final long b, final StringBuilder out)
    {
        switch (Values.type(h))
        {
            case TYPE_BOOL -> out.append(b != 0);
            case TYPE_INT -> out.append(b);
            case TYPE_UINT -> out.append(Long.toUnsignedString(b));
            default -> out.append("null");
        }
    }

    private static StringBuilder debugElements(final ValueContext ctx, final long array, final StringBuilder out)
    {
        out.append('[');
        final long[] s = new long[2];
        for (int p = ctx.first(array), i = 0; p >= 0; p = ctx.next(array, p), i++)
        {
            ctx.entryValue(array, p, s, 0);
            debug(ctx, s[0], s[1], out.append(i > 0 ? ", " : ""));
        }
        return out.append(']');
    }

    private static StringBuilder debugEntries(final ValueContext ctx, final long record, final StringBuilder out)
    {
        out.append('{');
        final long[] s = new long[4];
        for (int p = ctx.first(record), i = 0; p >= 0; p = ctx.next(record, p), i++)
        {
            ctx.entryKey(record, p, s, 0);
            ctx.entryValue(record, p, s, 2);
            debugString(string(ctx, s[0]), out.append(i > 0 ? ", " : "")).append(": ");
            debug(ctx, s[2], s[3], out);
        }
        return out.append('}');
    }

    private static StringBuilder debugBytes(final ValueContext ctx, final long binary, final StringBuilder out)
    {
        out.append('[');
        for (int i = 0; i < ctx.stringLength(binary); i++)
        {
            out.append(i > 0 ? ", " : "").append(ctx.stringByte(binary, i) & 0xFF);
        }
        return out.append(']');
    }

    /** Rust's {@code Debug} of a str: quoted, with {@code \" \\ \n \r \t \0} and {@code \\u{..}} for controls. */
    static StringBuilder debugString(final String s, final StringBuilder out)
    {
        out.append('"');
        s.codePoints().forEach(c ->
        {
            switch (c)
            {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case 0 -> out.append("\\0");
                default ->
                {
                    if (Character.getType(c) == Character.CONTROL)
                    {
                        out.append("\\u{").append(Integer.toHexString(c)).append('}');
                    }
                    else
                    {
                        out.appendCodePoint(c);
                    }
                }
            }
        });
        return out.append('"');
    }

    private static String string(final ValueContext ctx, final long h)
    {
        final byte[] bytes = new byte[ctx.stringLength(h)];
        ctx.stringBytes(h, bytes, 0);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
