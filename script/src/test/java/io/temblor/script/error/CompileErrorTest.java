package io.temblor.script.error;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CompileErrorTest
{
    private static Span span(final int line, final int from, final int toLine, final int to)
    {
        return new Span(new Location(line, from, 0), new Location(toLine, to, 0));
    }

    @Test
    void shouldMarkSpanWithCaretsWhenOnOneLine()
    {
        final String source = "a\nb\nlet x = 0x;\nc\nd\ne\n";
        final CompileError error = new CompileError(span(3, 9, 3, 12), "An invalid hexadecimal");
        assertEquals("Error: \n"
            + "    1 | a\n"
            + "    2 | b\n"
            + "    3 | let x = 0x;\n"
            + "      |         ^^^ An invalid hexadecimal\n"
            + "    4 | c\n"
            + "    5 | d", error.render(source));
    }

    @Test
    void shouldPutHintAfterMarkerWhenPresent()
    {
        final CompileError error = new CompileError(span(1, 1, 1, 1), "Found the token `<`", "Did you mean to use `!`?");
        assertEquals("Error: \n"
            + "    1 | <>\n"
            + "      | ^ Found the token `<`\n"
            + "      |   NOTE: Did you mean to use `!`?", error.render("<>\n"));
    }

    @Test
    void shouldMarkFromFirstColumnWhenSpanCoversSeveralLines()
    {
        final CompileError error = new CompileError(span(1, 1, 2, 18), "unterminated", null, -1, 0, 0);
        assertEquals(2, error.caretLine());
        assertEquals(1, error.caretColumn());
        assertEquals(17, error.caretLength());
        assertEquals("Error: \n    1 | \"\"\"\n    2 | this is a heredoc\n      | ^^^^^^^^^^^^^^^^^ unterminated",
            error.render("\"\"\"\nthis is a heredoc"));
    }

    @Test
    void shouldCutMarkedLineAndOmitFollowingLinesWhenLexicalError()
    {
        final CompileError error = new CompileError(span(2, 14, 2, 14), "bad escape", null, 0, 0, 15);
        assertEquals("Error: \n    1 | match event of\n    2 |   case ~ re|\\s\n      |              ^ bad escape",
            error.render("match event of\n  case ~ re|\\snot| => true\nend"));
    }

    @Test
    void shouldReprintCommentsLikeTremorWhenRendering()
    {
        final CompileError error = new CompileError(span(2, 1, 2, 2), "oops")
            .comments(List.of(new Location(1, 1, 0), new Location(2, 3, 0)));
        assertEquals("Error: \n    1 | #   two spaces\n    2 | x # note\n      | ^ oops", error.render("#  two spaces\nx #note"));
    }
}
