package io.temblor.script.runtime;

import io.temblor.script.error.CompileError;
import io.temblor.script.error.Span;

/**
 * A runtime error of one event, rendered like Tremor's: the lines of the failing expression ({@code outer}) with a
 * {@code ^^^} marker under the failing part ({@code inner}). Thrown only on error paths (the message is built then).
 */
public final class ScriptError extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    private final transient Span outer;
    private final transient Span inner;
    private final String hint;

    /**
     * An error.
     *
     * @param outer the span whose lines are printed.
     * @param inner the span that is marked.
     * @param message the message.
     * @param hint a NOTE, or null.
     */
    public ScriptError(final Span outer, final Span inner, final String message, final String hint)
    {
        super(message, null, false, false);
        this.outer = outer;
        this.inner = inner;
        this.hint = hint;
    }

    /**
     * An error marking its whole expression.
     *
     * @param span the expression.
     * @param message the message.
     */
    public ScriptError(final Span span, final String message)
    {
        this(span, span, message, null);
    }

    /**
     * The marked span.
     *
     * @return the span.
     */
    public Span inner()
    {
        return inner;
    }

    /**
     * The printed span.
     *
     * @return the span.
     */
    public Span outer()
    {
        return outer;
    }

    /**
     * The same error as a compile error (for errors found while folding constants), rendered identically.
     *
     * @return the compile error.
     */
    public CompileError toCompileError()
    {
        final int first = Math.min(outer.start().line(), inner.start().line());
        final int after = Math.max(0, outer.end().line() - inner.end().line());
        return new CompileError(inner, getMessage(), hint, first, after, 0);
    }

    /**
     * Renders the error like Tremor.
     *
     * @param source the script source.
     * @return the text.
     */
    public String render(final String source)
    {
        if (null == inner || null == outer)
        {
            return "Error: " + getMessage();
        }
        final int first = Math.min(outer.start().line(), inner.start().line());
        final int after = Math.max(0, outer.end().line() - inner.end().line());
        return new CompileError(inner, getMessage(), hint, first, after, 0).render(source);
    }
}
