package io.temblor.script.parser;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class SyntaxHintsTest
{
    @Test
    void shouldMeasureEditDistanceWhenTranspositionsCountOnce()
    {
        assertEquals(0, SyntaxHints.distance("abc", "abc"));
        assertEquals(1, SyntaxHints.distance("abc", "acb"));
        assertEquals(3, SyntaxHints.distance("", "abc"));
        assertEquals(2, SyntaxHints.distance(":::", "`::`"));
    }

    @Test
    void shouldSuggestClosestExpectedTokenWhenWithinThreeEdits()
    {
        assertEquals("Did you mean to use `::`?", SyntaxHints.hint(":::", List.of("`(`", "`::`", "`;`")));
        assertEquals("Did you mean to use `;`?", SyntaxHints.hint("use", List.of("`::`", "`;`", "`as`")));
        assertEquals("Did you mean to use a string?", SyntaxHints.hint("7", List.of("`\"`", "`\"\"\"`")));
        assertNull(SyntaxHints.hint("merge", List.of("`%`", "`&`")));
    }

    @Test
    void shouldExplainKeywordWhenIdentifierExpected()
    {
        assertEquals("It looks like you tried to use 'merge' as an ident, consider quoting it as `merge` to make it an identifier.",
            SyntaxHints.hint("merge", List.of("`$`", "`<ident>`")));
        assertEquals("Did you mean to quote an ident? If so use ` (a back tick) not \" (a quote).",
            SyntaxHints.hint("\"", List.of("`<ident>`")));
        assertEquals("You might have a trailing `;` in the prior statement", SyntaxHints.hint("case", List.of("`!`")));
    }
}
