package io.temblor.script.runtime;

import io.temblor.script.ast.BinOp;
import io.temblor.script.ast.UnaryOp;
import io.temblor.script.error.Span;
import io.temblor.script.value.ValueContext;
import io.temblor.script.value.Values;

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
 * Tremor's operator semantics (tremor-script's {@code exec_binary}, {@code exec_binary_numeric}, {@code exec_unary}):
 * equality as {@code val_eq}; string and binary comparison by bytes; {@code +} concatenates strings and arrays and
 * merges records (right side wins); integers use unsigned 64-bit arithmetic when both are non-negative and signed
 * otherwise, checked for overflow; {@code /} on integers gives a float; floats allow comparisons and {@code + - * /}.
 * Stateless; errors are thrown as {@link ScriptError}.
 */
public final class Ops
{
    private Ops()
    {
    }

    /**
     * Tremor's name of a value's type, for messages.
     *
     * @param handle the value.
     * @return integer, float, string, bool, null, array, record or bytes.
     */
    public static String typeName(final long handle)
    {
        return switch (Values.type(handle))
        {
            case TYPE_NULL -> "null";
            case TYPE_BOOL -> "bool";
            case TYPE_INT, TYPE_UINT -> "integer";
            case TYPE_FLOAT -> "float";
            case TYPE_STRING -> "string";
            case TYPE_BINARY -> "bytes";
            case TYPE_ARRAY -> "array";
            case TYPE_RECORD -> "record";
            default -> "unknown";
        };
    }

    /**
     * Applies a non-short-circuit binary operator.
     *
     * @param e runtime state.
     * @param op the operator.
     * @param ah left handle.
     * @param ab left bits.
     * @param bh right handle.
     * @param bb right bits.
     * @param at result register.
     * @param span the expression, for errors.
     */
    public static void binary(final Env e, final BinOp op, final long ah, final long ab, final long bh, final long bb,
        final int at, final Span span)
    {
        final ValueContext ctx = e.ctx;
        final int ta = Values.type(ah);
        final int tb = Values.type(bh);
        switch (op)
        {
            case EQ ->
            {
                e.setBool(at, ctx.equal(ah, ab, bh, bb));
                return;
            }
            case NOT_EQ ->
            {
                e.setBool(at, !ctx.equal(ah, ab, bh, bb));
                return;
            }
            default ->
            {
            }
        }
        if (ta == TYPE_BOOL && tb == TYPE_BOOL)
        {
            switch (op)
            {
                case BIT_AND -> e.setBool(at, ab != 0 && bb != 0);
                case BIT_XOR -> e.setBool(at, ab != bb);
                default -> throw invalidBinary(span, op, ah, bh);
            }
            return;
        }
        final boolean aBytes = ta == TYPE_STRING || ta == TYPE_BINARY;
        final boolean bBytes = tb == TYPE_STRING || tb == TYPE_BINARY;
        if (aBytes && bBytes)
        {
            switch (op)
            {
                case GT -> e.setBool(at, ctx.compareStrings(ah, bh) > 0);
                case GTE -> e.setBool(at, ctx.compareStrings(ah, bh) >= 0);
                case LT -> e.setBool(at, ctx.compareStrings(ah, bh) < 0);
                case LTE -> e.setBool(at, ctx.compareStrings(ah, bh) <= 0);
                case ADD ->
                {
                    if (ta != TYPE_STRING || tb != TYPE_STRING)
                    {
                        throw invalidBinary(span, op, ah, bh);
                    }
                    ctx.concat(ah, bh, e.regs, at);
                }
                default -> throw invalidBinary(span, op, ah, bh);
            }
            return;
        }
        if (op == BinOp.ADD && ta == TYPE_ARRAY && tb == TYPE_ARRAY)
        {
            concatArrays(e, ah, bh, at);
            return;
        }
        if (op == BinOp.ADD && ta == TYPE_RECORD && tb == TYPE_RECORD)
        {
            mergeRecords(e, ah, bh, at);
            return;
        }
        numeric(e, op, ah, ab, bh, bb, at, span);
    }

    private static void concatArrays(final Env e, final long a, final long b, final int at)
    {
        final ValueContext ctx = e.ctx;
        final int n = ctx.length(a) + ctx.length(b);
        ctx.newArray(Math.max(1, n), e.regs, at);
        appendAll(e, a, at);
        appendAll(e, b, at);
    }

    private static void appendAll(final Env e, final long from, final int at)
    {
        final ValueContext ctx = e.ctx;
        final int t = e.scratch(4);
        try
        {
            for (int p = ctx.first(from); p >= 0; p = ctx.next(from, p))
            {
                ctx.entryValue(from, p, e.tmp, t);
                ctx.push(e.regs[at], e.tmp[t], e.tmp[t + 1], e.regs, at);
            }
        }
        finally
        {
            e.release(t);
        }
    }

    private static void mergeRecords(final Env e, final long a, final long b, final int at)
    {
        // the right record's entries win; the left's are added when missing
        final ValueContext ctx = e.ctx;
        ctx.exclusive(b, e.regs, at);
        final int t = e.scratch(4);
        try
        {
            for (int p = ctx.first(a); p >= 0; p = ctx.next(a, p))
            {
                ctx.entryKey(a, p, e.tmp, t);
                final long key = e.tmp[t];
                if (!ctx.get(e.regs[at], key, e.tmp, t + 2))
                {
                    ctx.entryValue(a, p, e.tmp, t + 2);
                    ctx.put(e.regs[at], key, e.tmp[t + 2], e.tmp[t + 3], e.regs, at);
                }
            }
        }
        finally
        {
            e.release(t);
        }
    }

    /**
     * Numeric part of the binary operators (also the arithmetic folds of comprehensions).
     *
     * @param e runtime state.
     * @param op operator.
     * @param ah left handle.
     * @param ab left bits.
     * @param bh right handle.
     * @param bb right bits.
     * @param at result register.
     * @param span for errors.
     */
    public static void numeric(final Env e, final BinOp op, final long ah, final long ab, final long bh, final long bb,
        final int at, final Span span)
    {
        final int ta = Values.type(ah);
        final int tb = Values.type(bh);
        final boolean aInt = ta == TYPE_INT || ta == TYPE_UINT;
        final boolean bInt = tb == TYPE_INT || tb == TYPE_UINT;
        final boolean aU64 = ta == TYPE_UINT || (ta == TYPE_INT && ab >= 0);
        final boolean bU64 = tb == TYPE_UINT || (tb == TYPE_INT && bb >= 0);
        if (aU64 && bU64)
        {
            unsigned(e, op, ab, bb, ah, bh, at, span);
        }
        else if (aInt && bInt && ta == TYPE_INT && tb == TYPE_INT)
        {
            signed(e, op, ab, bb, ah, bh, at, span);
        }
        else if ((aInt || ta == TYPE_FLOAT) && (bInt || tb == TYPE_FLOAT))
        {
            final double l = Values.toDouble(ah, ab);
            final double r = Values.toDouble(bh, bb);
            switch (op)
            {
                case GTE -> e.setBool(at, l >= r);
                case GT -> e.setBool(at, l > r);
                case LT -> e.setBool(at, l < r);
                case LTE -> e.setBool(at, l <= r);
                case ADD -> setFloat(e, at, l + r);
                case SUB -> setFloat(e, at, l - r);
                case MUL -> setFloat(e, at, l * r);
                case DIV -> setFloat(e, at, l / r);
                default -> throw invalidBinary(span, op, ah, bh);
            }
        }
        else
        {
            throw invalidBinary(span, op, ah, bh);
        }
    }

    private static void unsigned(final Env e, final BinOp op, final long l, final long r, final long ah, final long bh,
        final int at, final Span span)
    {
        switch (op)
        {
            case BIT_AND -> setUnsigned(e, at, l & r);
            case BIT_XOR -> setUnsigned(e, at, l ^ r);
            case GT -> e.setBool(at, Long.compareUnsigned(l, r) > 0);
            case GTE -> e.setBool(at, Long.compareUnsigned(l, r) >= 0);
            case LT -> e.setBool(at, Long.compareUnsigned(l, r) < 0);
            case LTE -> e.setBool(at, Long.compareUnsigned(l, r) <= 0);
            case ADD ->
            {
                final long sum = l + r;
                if (Long.compareUnsigned(sum, l) < 0)
                {
                    throw overflow(span, op);
                }
                setUnsigned(e, at, sum);
            }
            case SUB ->
            {
                if (Long.compareUnsigned(l, r) >= 0)
                {
                    setUnsigned(e, at, l - r);
                }
                else
                {
                    final long d = r - l;
                    if (d < 0)
                    {
                        throw overflow(span, op);
                    }
                    e.set(at, Values.INT, -d);
                }
            }
            case MUL ->
            {
                if (Math.unsignedMultiplyHigh(l, r) != 0)
                {
                    throw overflow(span, op);
                }
                setUnsigned(e, at, l * r);
            }
            case DIV ->
            {
                if (r == 0)
                {
                    throw divisionByZero(span, op);
                }
                setFloat(e, at, Values.toDouble(ah, l) / Values.toDouble(bh, r));
            }
            case MOD ->
            {
                if (r == 0)
                {
                    throw divisionByZero(span, op);
                }
                setUnsigned(e, at, Long.remainderUnsigned(l, r));
            }
            case RSHIFT, RSHIFT_UNSIGNED ->
            {
                if (Long.compareUnsigned(r, 64) >= 0)
                {
                    throw badShift(span);
                }
                setUnsigned(e, at, l >>> r);
            }
            case LSHIFT ->
            {
                if (Long.compareUnsigned(r, 64) >= 0)
                {
                    throw badShift(span);
                }
                setUnsigned(e, at, l << r);
            }
            default -> throw invalidBinary(span, op, ah, bh);
        }
    }

    private static void signed(final Env e, final BinOp op, final long l, final long r, final long ah, final long bh,
        final int at, final Span span)
    {
        switch (op)
        {
            case BIT_AND -> e.set(at, Values.INT, l & r);
            case BIT_XOR -> e.set(at, Values.INT, l ^ r);
            case GT -> e.setBool(at, l > r);
            case GTE -> e.setBool(at, l >= r);
            case LT -> e.setBool(at, l < r);
            case LTE -> e.setBool(at, l <= r);
            case ADD ->
            {
                final long sum = l + r;
                if (((l ^ sum) & (r ^ sum)) < 0)
                {
                    throw overflow(span, op);
                }
                e.set(at, Values.INT, sum);
            }
            case SUB ->
            {
                final long d = l - r;
                if (((l ^ r) & (l ^ d)) < 0)
                {
                    throw overflow(span, op);
                }
                e.set(at, Values.INT, d);
            }
            case MUL ->
            {
                final long hi = Math.multiplyHigh(l, r);
                final long lo = l * r;
                if ((hi != 0 || lo < 0) && (hi != -1 || lo >= 0))
                {
                    throw overflow(span, op);
                }
                e.set(at, Values.INT, lo);
            }
            case DIV ->
            {
                if (r == 0)
                {
                    throw divisionByZero(span, op);
                }
                setFloat(e, at, (double)l / (double)r);
            }
            case MOD ->
            {
                if (r == 0)
                {
                    throw divisionByZero(span, op);
                }
                e.set(at, Values.INT, r == -1 ? 0 : l % r);
            }
            case RSHIFT ->
            {
                if (r < 0 || r >= 64)
                {
                    throw badShift(span);
                }
                e.set(at, Values.INT, l >> r);
            }
            case RSHIFT_UNSIGNED ->
            {
                if (r < 0 || r >= 64)
                {
                    throw badShift(span);
                }
                e.set(at, Values.INT, l >>> r);
            }
            case LSHIFT ->
            {
                if (r < 0 || r >= 64)
                {
                    throw badShift(span);
                }
                e.set(at, Values.INT, l << r);
            }
            default -> throw invalidBinary(span, op, ah, bh);
        }
    }

    /**
     * Applies a unary operator.
     *
     * @param e runtime state.
     * @param op the operator.
     * @param h operand handle.
     * @param b operand bits.
     * @param at result register.
     * @param span the expression.
     * @param operand the operand's span (marked in errors).
     */
    public static void unary(final Env e, final UnaryOp op, final long h, final long b, final int at, final Span span,
        final Span operand)
    {
        final int t = Values.type(h);
        if (t == TYPE_FLOAT)
        {
            switch (op)
            {
                case MINUS -> setFloat(e, at, -Double.longBitsToDouble(b));
                case PLUS -> e.set(at, h, b);
                default -> throw invalidUnary(span, operand, op, h);
            }
        }
        else if (t == TYPE_UINT || (t == TYPE_INT && b >= 0))
        {
            switch (op)
            {
                case MINUS ->
                {
                    if (b == Long.MIN_VALUE)
                    {
                        e.set(at, Values.INT, Long.MIN_VALUE);
                    }
                    else if (b < 0)
                    {
                        throw invalidUnary(span, operand, op, h);
                    }
                    else
                    {
                        e.set(at, Values.INT, -b);
                    }
                }
                case PLUS -> e.set(at, h, b);
                case BIT_NOT -> setUnsigned(e, at, ~b);
                default -> throw invalidUnary(span, operand, op, h);
            }
        }
        else if (t == TYPE_INT)
        {
            switch (op)
            {
                case MINUS ->
                {
                    if (b == Long.MIN_VALUE)
                    {
                        throw invalidUnary(span, operand, op, h);
                    }
                    e.set(at, Values.INT, -b);
                }
                case PLUS -> e.set(at, h, b);
                case BIT_NOT -> e.set(at, Values.INT, ~b);
                default -> throw invalidUnary(span, operand, op, h);
            }
        }
        else if (t == TYPE_BOOL && (op == UnaryOp.NOT || op == UnaryOp.BIT_NOT))
        {
            e.setBool(at, b == 0);
        }
        else
        {
            throw invalidUnary(span, operand, op, h);
        }
    }

    /**
     * Stores an unsigned result: int when it fits 63 bits, uint otherwise.
     *
     * @param e runtime state.
     * @param at register.
     * @param bits the unsigned value.
     */
    public static void setUnsigned(final Env e, final int at, final long bits)
    {
        e.set(at, Values.unsignedHandle(bits), bits);
    }

    /**
     * Stores a float.
     *
     * @param e runtime state.
     * @param at register.
     * @param value the value.
     */
    public static void setFloat(final Env e, final int at, final double value)
    {
        e.set(at, Values.FLOAT, Double.doubleToRawLongBits(value));
    }

    /**
     * The error of an operator not defined for two types.
     *
     * @param span expression.
     * @param op operator.
     * @param a left.
     * @param b right.
     * @return the error.
     */
    public static ScriptError invalidBinary(final Span span, final BinOp op, final long a, final long b)
    {
        return new ScriptError(span, "The binary operation `" + op.symbol() + "` is not defined for the type `" +
            typeName(a) + "` and `" + typeName(b) + "`");
    }

    private static ScriptError invalidUnary(final Span span, final Span operand, final UnaryOp op, final long h)
    {
        return new ScriptError(span, operand, "The unary operation `" + op.symbol() + "` is not defined for the type `" +
            typeName(h) + "`", null);
    }

    private static ScriptError overflow(final Span span, final BinOp op)
    {
        return new ScriptError(span, "The binary operation `" + op.symbol() + "` caused an over- or underflow");
    }

    private static ScriptError divisionByZero(final Span span, final BinOp op)
    {
        return new ScriptError(span, "The binary operation `" + op.symbol() + "` must have a non zero RHS");
    }

    private static ScriptError badShift(final Span span)
    {
        return new ScriptError(span, "RHS value is larger than or equal to the number of bits in LHS value");
    }

    /**
     * The "Conflicting types" error.
     *
     * @param outer expression.
     * @param inner marked part.
     * @param got the value found.
     * @param expected the expected type name.
     * @return the error.
     */
    public static ScriptError conflicting(final Span outer, final Span inner, final long got, final String expected)
    {
        return new ScriptError(outer, inner, "Conflicting types, got " + typeName(got) + " but expected " + expected, null);
    }
}
