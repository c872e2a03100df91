package io.temblor.script.aggr;

import io.temblor.script.error.Span;
import io.temblor.script.runtime.ScriptError;
import io.temblor.script.value.Values;

import java.math.BigDecimal;

/** Argument reading and Tremor's function errors, shared by the aggregates. */
final class Args
{
    private Args()
    {
    }

    /**
     * Whether the i-th argument casts to f64 (value-trait's {@code cast_f64}: int, uint or float).
     *
     * @param regs registers.
     * @param from first argument's handle index.
     * @param i argument index.
     * @return true for numbers.
     */
    static boolean isNumber(final long[] regs, final int from, final int i)
    {
        return Values.isNumber(regs[from + 2 * i]);
    }

    /**
     * The i-th argument as f64 (call only when {@link #isNumber} holds).
     *
     * @param regs registers.
     * @param from first argument's handle index.
     * @param i argument index.
     * @return the double.
     */
    static double toDouble(final long[] regs, final int from, final int i)
    {
        return Values.toDouble(regs[from + 2 * i], regs[from + 2 * i + 1]);
    }

    /**
     * Tremor's {@code FunctionError::BadType} of an aggregate.
     *
     * @param span the call.
     * @param function e.g. {@code stats::sum}.
     * @param arity the arity Tremor names in the message.
     * @return the error to throw.
     */
    static ScriptError badType(final Span span, final String function, final int arity)
    {
        return new ScriptError(span, "Bad type passed to function " + function + "/" + arity);
    }

    /**
     * Tremor's {@code FunctionError::RuntimeError} of an aggregate.
     *
     * @param span the call.
     * @param function e.g. {@code stats::hdr}.
     * @param arity the arity Tremor names in the message.
     * @param message the error text.
     * @return the error to throw.
     */
    static ScriptError runtimeError(final Span span, final String function, final int arity, final String message)
    {
        return new ScriptError(span, "Runtime error in function " + function + "/" + arity + ": " + message);
    }

    /**
     * Rust's {@code Display} of an f64 (shortest digits that read back, never an exponent), for messages.
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
}
