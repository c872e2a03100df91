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
    private final int firstLine;
    private final int linesAfter;
    private final int cutColumn;
    private transient List<Location> comments = List.of();

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
        this(span, message, hint, null == span ? 1 : span.start().line() - CONTEXT_LINES, CONTEXT_LINES, 0);
    }

    /**
     * An error with explicit rendering context, as Tremor's lexer errors have: they show no lines after the error
     * (Tremor stops printing at the bad token) and may cut the error line short.
     *
     * @param span       the offending source range.
     * @param message    the message, without location.
     * @param hint       the hint or null.
     * @param firstLine  the first source line printed (clamped to 1).
     * @param linesAfter how many lines after the marked one are printed.
     * @param cutColumn  when positive, the marked line is printed only up to (excluding) this column.
     */
    public CompileError(
        final Span span,
        final String message,
        final String hint,
        final int firstLine,
        final int linesAfter,
        final int cutColumn)
    {
        super(message, null, false, false);
        this.span = span;
        this.hint = hint;
        this.firstLine = firstLine;
        this.linesAfter = linesAfter;
        this.cutColumn = cutColumn;
    }

    /**
     * Records where comments start, so that rendering re-prints them like Tremor's highlighter does
     * ({@code #  text} becomes {@code #   text}: the hashes, a space, then the comment text).
     *
     * @param commentStarts start positions of all comments lexed so far.
     * @return this.
     */
    public CompileError comments(final List<Location> commentStarts)
    {
        this.comments = List.copyOf(commentStarts);
        return this;
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
        if (null == span)
        {
            // an error of the pipeline as a whole (no place in the source), printed as Tremor prints it
            return getMessage();
        }
        final List<String> lines = List.of(source.split("\n", -1));
        final int last = Math.max(1, source.endsWith("\n") ? lines.size() - 1 : lines.size());
        final int from = Math.max(1, Math.min(firstLine, span.start().line()));
        final int caretLine = Math.min(caretLine(), last);
        final int to = Math.min(last, caretLine() + linesAfter);
        final StringBuilder out = new StringBuilder("Error: \n");
        for (int line = from; line <= to; line++)
        {
            String text = line <= lines.size() ? reprintComments(line, lines.get(line - 1)) : "";
            if (line == caretLine && cutColumn > 0)
            {
                text = text.substring(0, Math.min(text.length(), text.offsetByCodePoints(0, Math.min(cutColumn - 1,
                    text.codePointCount(0, text.length())))));
            }
            out.append(String.format("%5d | ", line)).append(text).append('\n');
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

    private String reprintComments(final int line, final String text)
    {
        for (final Location comment : comments)
        {
            if (comment.line() == line)
            {
                final int at = text.offsetByCodePoints(0, Math.min(comment.column() - 1, text.codePointCount(0, text.length())));
                final String body = text.substring(at);
                final String reprinted;
                if (body.startsWith("###"))
                {
                    reprinted = "### " + body.substring(3);
                }
                else if (body.startsWith("##"))
                {
                    reprinted = "## " + body.substring(2);
                }
                else
                {
                    int hashes = 0;
                    while (hashes < body.length() && body.charAt(hashes) == '#')
                    {
                        hashes++;
                    }
                    reprinted = "# " + body.substring(hashes);
                }
                return text.substring(0, at) + reprinted;
            }
        }
        return text;
    }

    @Override
    public String toString()
    {
        return "CompileError(" + (null == span ? "-" : span.start()) + ": " + getMessage() + (null == hint ? "" : "; NOTE: " + hint) + ")";
    }
}
