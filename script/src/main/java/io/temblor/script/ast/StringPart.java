package io.temblor.script.ast;

/**
 * A piece of a string literal: constant text or an interpolated expression.
 */
public sealed interface StringPart
{
    /**
     * Constant text (escapes already applied).
     *
     * @param text the text.
     */
    record Text(String text) implements StringPart
    {
    }

    /**
     * An interpolation {@code #{expr}}.
     *
     * @param expr the expression.
     */
    record Interpolation(Expr expr) implements StringPart
    {
    }
}
