package io.temblor.script.regex;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RegexSyntaxExceptionTest
{
    @Test
    void shouldMarkEverySpanWhenFormatting()
    {
        final RegexSyntaxException ex = RegexSyntaxException.of("abcdef", "some kind", 1, 3, 4, 4);
        assertEquals("regex parse error:\n    abcdef\n     ^^ ^\nerror: some kind", ex.getMessage());
        assertEquals("some kind", ex.kind());
    }

    @Test
    void shouldLeaveTheMarkerOutWhenThereIsNoSpan()
    {
        assertEquals("regex parse error:\n    a{9999}\nerror: too big", RegexSyntaxException.of("a{9999}", "too big")
            .getMessage());
    }

    @Test
    void shouldNoteLinesWhenASpanCoversSeveral()
    {
        final String divider = "~".repeat(79);
        assertEquals("regex parse error:\n" + divider + "\n1: (a\n2: b)\n" + divider + "\non line 1 (column 1) through " +
            "line 2 (column 2)\nerror: k", RegexSyntaxException.of("(a\nb)", "k", 0, 5).getMessage());
    }
}
