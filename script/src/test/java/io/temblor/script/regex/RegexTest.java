package io.temblor.script.regex;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RegexTest
{
    private static byte[] utf8(final String s)
    {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String replace(final String regex, final String text, final String to, final boolean all)
    {
        return new String(Regex.compile(regex).replace(utf8(text), utf8(to), all), StandardCharsets.UTF_8);
    }

    private static List<String> split(final String regex, final String text)
    {
        final byte[] t = utf8(text);
        final int[] pieces = Regex.compile(regex).split(t);
        final List<String> out = new ArrayList<>();
        for (int i = 0; i < pieces.length; i += 2)
        {
            out.add(new String(t, pieces[i], pieces[i + 1] - pieces[i], StandardCharsets.UTF_8));
        }
        return out;
    }

    private static List<String> matches(final String regex, final String text)
    {
        final byte[] t = utf8(text);
        final Regex.Matches m = Regex.compile(regex).matches(t);
        final List<String> out = new ArrayList<>();
        while (m.next())
        {
            out.add(m.start() + "-" + m.end());
        }
        return out;
    }

    private static boolean isMatch(final String regex, final String text)
    {
        return Regex.compile(regex).isMatch(utf8(text));
    }

    @Test
    void shouldReplaceFirstOrAllWhenMatching()
    {
        assertEquals("cake is a test", replace("t...", "this is a test", "cake", false));
        assertEquals("cake is a cake", replace("t...", "this is a test", "cake", true));
        assertEquals("####9", replace("[0-9]{4}", "99999", "####", true));
        final byte[] text = utf8("nothing");
        assertSame(text, Regex.compile("x").replace(text, utf8("y"), true));
    }

    @Test
    void shouldExpandReferencesLikeRustWhenReplacing()
    {
        final String re = "(?P<y>\\d{4})-(?<m>\\d{2})";
        assertEquals("05/2024", replace(re, "2024-05", "$m/$y", false));
        assertEquals("05/2024", replace(re, "2024-05", "$2/$1", false));
        assertEquals("2024x", replace(re, "2024-05", "${y}x", false));
        assertEquals("", replace(re, "2024-05", "$yx", false));
        assertEquals("", replace(re, "2024-05", "$1a", false));
        assertEquals("$ 2024-05", replace(re, "2024-05", "$$ $0", false));
        assertEquals("", replace(re, "2024-05", "$9$nope${nope}", false));
        assertEquals("${y $", replace(re, "2024-05", "${y $", false));
        assertEquals("a-", replace("(a)|(b)", "a", "$1-$2", false));
    }

    @Test
    void shouldSkipAnEmptyMatchRightAfterAMatchWhenIterating()
    {
        assertEquals("-b-", replace("a*", "baaa", "-", true));
        assertEquals("-b-b-", replace("a*", "bb", "-", true));
        assertEquals(List.of("0-0", "1-4"), matches("a*", "baaa"));
        assertEquals(List.of("0-0", "2-2", "3-3"), matches("", "é🙂".substring(0, 1) + "x"));
    }

    @Test
    void shouldSplitLikeRustWhenSplitting()
    {
        assertEquals(List.of("this", "is", "a", "test"), split(" ", "this is a test"));
        assertEquals(List.of("a", "b", ""), split(",", "a,b,"));
        assertEquals(List.of("", "a", "b", "c", ""), split("", "abc"));
        assertEquals(List.of(""), split(",", ""));
        assertEquals(List.of("a", "b"), split("\\s+", "a \t b"));
    }

    @Test
    void shouldReportByteOffsetsWhenTextIsUtf8()
    {
        final Regex.Matches m = Regex.compile("(?P<w>\\w+)").matches(utf8("éa b"));
        assertTrue(m.next());
        assertEquals(0, m.start(1));
        assertEquals(3, m.end(1));
        assertEquals(1, Regex.compile("(?P<w>\\w+)").groupIndex("w"));
        assertEquals(-1, Regex.compile("(?P<w>\\w+)").groupIndex("v"));
    }

    @Test
    void shouldUseUnicodeClassesWhenMatchingPerlClasses()
    {
        assertTrue(isMatch("^\\d$", "٣"));
        assertTrue(isMatch("^\\w+$", "héllo_wörld"));
        assertTrue(isMatch("^\\w$", "Ⓐ"));
        assertTrue(isMatch("^\\s$", "\u3000"));
        assertFalse(isMatch("^\\S$", "\u3000"));
        assertTrue(isMatch("^\\p{Greek}+$", "αβγ"));
        assertTrue(isMatch("^\\pL\\p{Lu}\\p{gc=Ll}\\p{sc:Latin}$", "aBcd"));
        assertTrue(isMatch("^[[:alpha:][:digit:]]+$", "ab1"));
    }

    @Test
    void shouldFoldCaseBeforeNegatingWhenCaseInsensitive()
    {
        assertFalse(isMatch("(?i)[^k]", "K"));
        assertFalse(isMatch("(?i)[^k]", "\u212A"));
        assertTrue(isMatch("(?i)[k]", "\u212A"));
        assertFalse(isMatch("(?i)\\P{Lu}", "a"));
        assertTrue(isMatch("(?i)[ß]", "ẞ"));
        assertFalse(isMatch("(?i)^[i]$", "İ"));
        assertTrue(isMatch("(?i)^[i]$", "I"));
    }

    @Test
    void shouldEvaluateSetOperationsWhenClassesNest()
    {
        assertTrue(isMatch("^[a-z&&[^aeiou]]+$", "xyz"));
        assertFalse(isMatch("^[a-z&&[^aeiou]]+$", "xaz"));
        assertFalse(isMatch("^[0-9--4]$", "4"));
        assertTrue(isMatch("^[0-9--4]$", "5"));
        assertTrue(isMatch("^[a-g~~b-h]+$", "ah"));
        assertFalse(isMatch("[a-g~~b-h]", "c"));
        assertFalse(isMatch("[a&&b]", "a"));
        assertTrue(isMatch("[^a&&b]", "a"));
        assertTrue(isMatch("^[\\w&&[^\\d]]+$", "ab"));
        assertTrue(isMatch("^[^]]$", "a"));
        assertTrue(isMatch("^[]a]+$", "]a"));
        assertTrue(isMatch("^[-a]+$", "-a"));
    }

    @Test
    void shouldMatchEndOfTextOnlyWhenDollarIsNotMultiline()
    {
        assertFalse(isMatch("a$", "a\n"));
        assertTrue(isMatch("(?m)a$", "a\n"));
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void shouldRunInLinearTimeWhenPatternWouldBacktrackCatastrophically()
    {
        // JDK 25's java.util.regex memoizes simple nested loops such as (a+)+$, but on 100 characters it needs 45 s
        // for a*a*a*a*a*b (and hours on 50 000), and (a|a)+b overflows its stack from about 3 000 characters.
        // RE2/J scans each input once (one NFA/DFA pass; group positions in a second pass over the match).
        final byte[] as = utf8("a".repeat(50_000) + "b");
        assertFalse(Regex.compile("a*a*a*a*a*a*c").isMatch(as));
        assertFalse(Regex.compile("\\s*\\s*\\s*\\s*x").isMatch(utf8(" ".repeat(50_000))));
        assertTrue(Regex.compile("^(a|a)+b$").isMatch(as));
        assertFalse(Regex.compile("(a+)+$").isMatch(as));
        assertFalse(Regex.compile("(x+x+)+y").isMatch(utf8("x".repeat(50_000))));
        assertFalse(Regex.compile("^(\\w+\\s?)*$").isMatch(utf8("word ".repeat(10_000) + "!")));
        final Regex.Matches m = Regex.compile("(?P<a>a+)+(?P<b>b)").matches(as);
        assertTrue(m.next());
        assertEquals(0, m.start(1));
        assertEquals(50_000, m.end(1));
        assertEquals(50_000, m.start(2));
        assertEquals("", replace("(a|aa)+$", "a".repeat(50_000), "", true));
        assertArrayEquals(new int[] {0, 0, 50_001, 50_001}, Regex.compile("(a|a?)+b").split(as));
    }
}
