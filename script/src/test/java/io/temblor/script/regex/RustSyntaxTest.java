package io.temblor.script.regex;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RustSyntaxTest
{
    private static String error(final String pattern)
    {
        return assertThrows(RegexSyntaxException.class, () -> RustSyntax.translate(pattern)).getMessage();
    }

    private static boolean matches(final String pattern, final String text)
    {
        return Regex.compile(pattern).isMatch(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void shouldAcceptBothNamedGroupFormsWhenTranslating()
    {
        final RustSyntax.Result r = RustSyntax.translate("(?P<a>x)(y)(?<b>z)");
        assertArrayEquals(new String[] {null, "a", null, "b"}, r.names());
        assertEquals("(x)(y)(z)", r.re2());
    }

    @Test
    void shouldReportRustsMessageWhenPatternIsInvalid()
    {
        assertEquals("regex parse error:\n    (\n    ^\nerror: unclosed group", error("("));
        assertEquals("regex parse error:\n    a)\n     ^\nerror: unopened group", error("a)"));
        assertEquals("regex parse error:\n    *\n    ^\nerror: repetition operator missing expression", error("*"));
        assertEquals("regex parse error:\n    [a\n    ^\nerror: unclosed character class", error("[a"));
        assertEquals("regex parse error:\n    [z-a]\n     ^^^\nerror: invalid character class range, the start must be " +
            "<= the end", error("[z-a]"));
        assertEquals("regex parse error:\n    (a)\\1\n       ^^\nerror: backreferences are not supported", error("(a)\\1"));
        assertEquals("regex parse error:\n    (?=a)\n    ^^^\nerror: look-around, including look-ahead and look-behind, " +
            "is not supported", error("(?=a)"));
        assertEquals("regex parse error:\n    (?<n>a)(?P<n>b)\n       ^       ^\nerror: duplicate capture group name",
            error("(?<n>a)(?P<n>b)"));
        assertEquals("regex parse error:\n    \\q\n    ^^\nerror: unrecognized escape sequence", error("\\q"));
        assertEquals("regex parse error:\n    (?q)\n      ^\nerror: unrecognized flag", error("(?q)"));
        assertEquals("regex parse error:\n    (?ii)\n      ^^\nerror: duplicate flag", error("(?ii)"));
        assertEquals("regex parse error:\n    (?i-)\n       ^\nerror: dangling flag negation operator", error("(?i-)"));
        assertEquals("regex parse error:\n    a{2\n     ^^\nerror: unclosed counted repetition", error("a{2"));
        assertEquals("regex parse error:\n    a{,3}\n      ^\nerror: repetition quantifier expects a valid decimal",
            error("a{,3}"));
        assertEquals("regex parse error:\n    a{3,2}\n     ^^^^^\nerror: invalid repetition count range, the start must " +
            "be <= the end", error("a{3,2}"));
        assertEquals("regex parse error:\n    (?P<a-b>x)\n         ^\nerror: invalid capture group character",
            error("(?P<a-b>x)"));
        assertEquals("regex parse error:\n    (?P<>x)\n        ^\nerror: empty capture group name", error("(?P<>x)"));
        assertEquals("regex parse error:\n    \\p{Foo}\n    ^^^^^^^\nerror: Unicode property not found", error("\\p{Foo}"));
        assertEquals("regex parse error:\n    \\x{110000}\n       ^^^^^^\nerror: hexadecimal literal is not a Unicode " +
            "scalar value", error("\\x{110000}"));
        assertEquals("regex parse error:\n    [\\b]\n     ^^\nerror: invalid escape sequence found in character class",
            error("[\\b]"));
        assertEquals("regex parse error:\n    (?)\n     ^\nerror: repetition operator missing expression", error("(?)"));
    }

    @Test
    void shouldNumberLinesWhenPatternHasSeveral()
    {
        final String divider = "~".repeat(79);
        assertEquals("regex parse error:\n" + divider + "\n1: a\n2: (b\n   ^\n3: c\n" + divider + "\nerror: unclosed group",
            error("a\n(b\nc"));
    }

    @Test
    void shouldExplainWhenRe2CannotExpressTheConstruct()
    {
        for (final String p : new String[] {"\\<", "a\\>", "\\b{start}", "(?R)a", "a{1001}"})
        {
            assertTrue(error(p).contains("is not supported by Temblor's linear-time regex engine (RE2/J)"), p);
        }
    }

    @Test
    void shouldRejectInvalidUtf8LikeRustWhenUnicodeIsOff()
    {
        assertTrue(error("(?-u).").endsWith("error: pattern can match invalid UTF-8"));
        assertTrue(error("(?-u)\\W").endsWith("error: pattern can match invalid UTF-8"));
        assertTrue(error("(?-u)[^a]").endsWith("error: pattern can match invalid UTF-8"));
        assertTrue(error("(?-u:é)").endsWith("error: Unicode not allowed here"));
        assertTrue(matches("(?-u)\\w+", "abc"));
        assertFalse(matches("^(?-u:\\w)$", "é"));
        assertTrue(matches("^\\w$", "é"));
    }

    @Test
    void shouldIgnoreWhitespaceAndCommentsWhenVerbose()
    {
        assertTrue(matches("(?x) a b # a comment\n c", "abc"));
        assertFalse(matches("(?x) a b # a comment\n c", "a b c"));
        assertTrue(matches("(?x) a\\ b \\x20c", "a b c"));
        assertTrue(error("(?x)[ ]c").endsWith("error: unclosed character class"));
        assertTrue(matches("(?x: a b ) c", "ab c"));
        assertEquals("(?:ab) c", RustSyntax.translate("(?x: a b ) c").re2());
    }

    @Test
    void shouldRepeatRepetitionsAndAssertionsWhenRustAllowsIt()
    {
        assertTrue(matches("^a**$", "aaa"));
        assertTrue(matches("^a++$", "aaa"));
        assertTrue(matches("^x{2}{2}$", "xxxx"));
        assertFalse(matches("^x{2}{2}$", "xxx"));
        assertTrue(matches("^*a", "a"));
    }

    @Test
    void shouldKeepRe2FlagsAndScopesWhenGroupsSetThem()
    {
        assertEquals("(?i)a(?-s:.)", RustSyntax.translate("(?i)a(?-s:.)").re2());
        assertTrue(matches("(?i)abc", "ABC"));
        assertTrue(matches("a(?i:b)c", "aBc"));
        assertFalse(matches("a(?i:b)c", "aBC"));
        assertTrue(matches("(?s)a.b", "a\nb"));
        assertFalse(matches("a.b", "a\nb"));
        assertTrue(matches("(?m)^b$", "a\nb\nc"));
        assertTrue(matches("(?U)a+", "a"));
    }

    @Test
    void shouldReadRustEscapesWhenTranslating()
    {
        assertTrue(matches("^\\u00e9\\U0001F600\\x{41}\\x42\\u{43}$", "é😀ABC"));
        assertTrue(matches("^\\a\\f\\t\\n\\r\\v$", "\u0007\f\t\n\r\u000b"));
        assertTrue(matches("^\\%\\/\\\"\\'\\~\\&\\#$", "%/\"'~&#"));
        assertTrue(matches("\\Aab\\z", "ab"));
        assertFalse(matches("\\Aab\\z", "ab\n"));
    }
}
