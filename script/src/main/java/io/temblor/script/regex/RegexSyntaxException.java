package io.temblor.script.regex;

import java.util.ArrayList;
import java.util.List;

/**
 * A pattern that does not compile. The message is worded and laid out like the {@code Display} of Rust's
 * {@code regex::Error} (what Tremor prints): {@code regex parse error:}, the pattern with {@code ^} under the offending
 * part, then {@code error: <kind>}. Thrown at compile time, or by builtins given a pattern at run time.
 */
public final class RegexSyntaxException extends IllegalArgumentException
{
    private static final long serialVersionUID = 1L;

    private final String kind;

    RegexSyntaxException(final String message, final String kind)
    {
        super(message);
        this.kind = kind;
    }

    /**
     * The error kind alone (the text after {@code error: }).
     *
     * @return the kind.
     */
    public String kind()
    {
        return kind;
    }

    /**
     * Formats an error the way regex-syntax's {@code Formatter} does.
     *
     * @param pattern the pattern as written.
     * @param kind the error kind's text.
     * @param spans spans as pairs of code point indexes {@code [start, end)}: the primary span, then optional auxiliary
     *              ones; none for errors without position.
     * @return the exception.
     */
    static RegexSyntaxException of(final String pattern, final String kind, final int... spans)
    {
        final int[] cps = pattern.codePoints().toArray();
        final List<String> lines = lines(pattern);
        int lineCount = lines.size();
        if (pattern.endsWith("\n"))
        {
            lineCount++;
        }
        final int width = lineCount <= 1 ? 0 : Integer.toString(lineCount).length();
        final List<List<int[]>> byLine = new ArrayList<>();
        for (int i = 0; i < Math.max(1, lineCount); i++)
        {
            byLine.add(new ArrayList<>());
        }
        final List<int[]> multiLine = new ArrayList<>();
        for (int s = 0; s + 1 < spans.length; s += 2)
        {
            final int[] start = position(cps, spans[s]);
            final int[] end = position(cps, spans[s + 1]);
            if (start[0] == end[0])
            {
                final List<int[]> line = byLine.get(Math.min(byLine.size() - 1, start[0] - 1));
                line.add(new int[] {start[1], end[1]});
                line.sort((a, b) -> a[0] != b[0] ? Integer.compare(a[0], b[0]) : Integer.compare(a[1], b[1]));
            }
            else
            {
                multiLine.add(new int[] {start[0], start[1], end[0], end[1]});
            }
        }
        final StringBuilder notated = new StringBuilder();
        for (int i = 0; i < lines.size(); i++)
        {
            if (width > 0)
            {
                final String n = Integer.toString(i + 1);
                notated.append(" ".repeat(width - n.length())).append(n).append(": ");
            }
            else
            {
                notated.append("    ");
            }
            notated.append(lines.get(i)).append('\n');
            final List<int[]> notes = byLine.get(i);
            if (!notes.isEmpty())
            {
                notated.append(" ".repeat(width == 0 ? 4 : 2 + width));
                int at = 0;
                for (final int[] span : notes)
                {
                    for (; at < span[0] - 1; at++)
                    {
                        notated.append(' ');
                    }
                    final int carets = Math.max(1, span[1] - span[0]);
                    notated.append("^".repeat(carets));
                    at += carets;
                }
                notated.append('\n');
            }
        }
        final StringBuilder out = new StringBuilder("regex parse error:\n");
        if (pattern.indexOf('\n') >= 0)
        {
            final String divider = "~".repeat(79);
            out.append(divider).append('\n').append(notated).append(divider).append('\n');
            for (final int[] span : multiLine)
            {
                out.append("on line ").append(span[0]).append(" (column ").append(span[1]).append(") through line ")
                    .append(span[2]).append(" (column ").append(span[3] - 1).append(")\n");
            }
        }
        else
        {
            out.append(notated);
        }
        out.append("error: ").append(kind);
        return new RegexSyntaxException(out.toString(), kind);
    }

    /** Rust's {@code str::lines}: split at {@code \n}, a trailing {@code \r} dropped, no empty last line. */
    private static List<String> lines(final String pattern)
    {
        final List<String> out = new ArrayList<>();
        int start = 0;
        while (start < pattern.length())
        {
            int end = pattern.indexOf('\n', start);
            final int next = end < 0 ? pattern.length() : end + 1;
            end = end < 0 ? pattern.length() : end;
            if (end > start && pattern.charAt(end - 1) == '\r')
            {
                end--;
            }
            out.add(pattern.substring(start, end));
            start = next;
        }
        return out;
    }

    /** Line and column (both 1-based, columns in code points) of a code point index. */
    private static int[] position(final int[] cps, final int index)
    {
        int line = 1;
        int column = 1;
        for (int i = 0; i < index && i < cps.length; i++)
        {
            if (cps[i] == '\n')
            {
                line++;
                column = 1;
            }
            else
            {
                column++;
            }
        }
        return new int[] {line, column};
    }
}
