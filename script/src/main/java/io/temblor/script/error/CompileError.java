package io.temblor.script.error;

import java.util.List;

/**
 * A compile-time error (lexing, parsing and later phases) with the source span it points at, a message worded like
 * Tremor's and an optional hint. {@link #render(String)} prints it the way Tremor does:
 * <pre>
 * Error:
 *     1 | let x = 0x;
 *       |         ^^^ An invalid hexadecimal
 * </pre>
 * Thrown only at compile time, never on the event path.
 */
public final class CompileError extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    private static final int CONTEXT_LINES = 2;

    private final transient Span span;
    private final String hint;

    /**
     * An error without hint.
     *
     * @param span    the offending source range.
     * @param message the message, without location.
     */
    public CompileError(final Span span, final String message)
    {
        this(span, message, null);
    }

    /**
     * An error with a hint printed below it as {@code NOTE: ...}.
     *
     * @param span    the offending source range.
     * @param message the message, without location.
     * @param hint    the hint or null.
     */
    public CompileError(final Span span, final String message, final String hint)
    {
        super(message, null, false, false);
        this.span = span;
        this.hint = hint;
    }

    /**
     * The offending source range.
     *
     * @return the span.
     */
    public Span span()
    {
        return span;
    }

    /**
     * The hint, or null when there is none.
     *
     * @return the hint.
     */
    public String hint()
    {
        return hint;
    }

    /**
     * The line the {@code ^^^} marker is printed under: the span's last line.
     *
     * @return 1-based line.
     */
    public int caretLine()
    {
        return span.end().line();
    }

    /**
     * The column the {@code ^^^} marker starts at: the span's start column, or 1 for a span over several lines.
     *
     * @return 1-based column.
     */
    public int caretColumn()
    {
        return span.start().line() == span.end().line() ? span.start().column() : 1;
    }

    /**
     * How many {@code ^} the marker has.
     *
     * @return the marker length.
     */
    public int caretLength()
    {
        if (span.start().line() == span.end().line())
        {
            return Math.max(1, span.end().column() - span.start().column());
        }
        return Math.max(0, span.end().column() - 1);
    }

    /**
     * Renders the error in Tremor's format: the source lines around it (two before, two after), a marker line under
     * the offending text with the message, and the hint as a {@code NOTE}.
     *
     * @param source the source text the error was found in.
     * @return the rendered text, without trailing newline.
     */
    public String render(final String source)
    {
        final List<String> lines = source.lines().toList();
        final int last = Math.max(1, lines.size());
        final int from = Math.max(1, span.start().line() - CONTEXT_LINES);
        final int caretLine = Math.min(caretLine(), last);
        final int to = Math.min(last, caretLine() + CONTEXT_LINES);
        final StringBuilder out = new StringBuilder("Error: \n");
        for (int line = from; line <= to; line++)
        {
            out.append(String.format("%5d | ", line)).append(line <= lines.size() ? lines.get(line - 1) : "").append('\n');
            if (line == caretLine)
            {
                final int column = caretColumn();
                final int length = caretLength();
                out.append("      | ").append(" ".repeat(column - 1)).append("^".repeat(length)).append(' ')
                    .append(getMessage()).append('\n');
                if (null != hint)
                {
                    out.append("      | ").append(" ".repeat(column + length)).append("NOTE: ").append(hint).append('\n');
                }
            }
        }
        return out.toString().stripTrailing();
    }

    @Override
    public String toString()
    {
        return "CompileError(" + span.start() + ": " + getMessage() + (null == hint ? "" : "; NOTE: " + hint) + ")";
    }
}
