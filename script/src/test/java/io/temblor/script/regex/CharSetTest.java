package io.temblor.script.regex;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CharSetTest
{
    @Test
    void shouldCombineRangesWhenUsingSetAlgebra()
    {
        final CharSet a = CharSet.of('a', 'z');
        final CharSet vowels = new CharSet().add('a', 'a').add('e', 'e').add('i', 'i').add('o', 'o').add('u', 'u');
        assertEquals(21, count(a.minus(vowels)));
        assertEquals(5, count(a.intersect(vowels)));
        assertEquals("[61-62 ]", CharSet.of('a', 'b').toString());
        assertEquals("[61-63 ]", CharSet.of('a', 'b').union(CharSet.of('c', 'c')).toString());
        assertEquals("[61-61 64-64 ]", CharSet.of('a', 'c').symmetricDifference(CharSet.of('b', 'd')).toString());
        final CharSet all = CharSet.of('x', 'x').complement(CharSet.MAX);
        assertFalse(all.contains('x'));
        assertFalse(all.contains(0xD800));
        assertTrue(all.contains(0x10FFFF));
        assertEquals("[0-77 79-FF ]", CharSet.of('x', 'x').complement(0xFF).toString());
    }

    @Test
    void shouldEqualUts18WordCharactersWhenBuildingBackslashW()
    {
        final CharSet word = CharSet.word();
        for (int c = 0; c <= CharSet.MAX; c++)
        {
            if (c >= 0xD800 && c <= 0xDFFF)
            {
                continue;
            }
            final int t = Character.getType(c);
            final boolean expected = Character.isAlphabetic(c) || t == Character.NON_SPACING_MARK ||
                t == Character.COMBINING_SPACING_MARK || t == Character.ENCLOSING_MARK ||
                t == Character.DECIMAL_DIGIT_NUMBER || t == Character.CONNECTOR_PUNCTUATION || c == 0x200C || c == 0x200D;
            if (expected != word.contains(c))
            {
                throw new AssertionError(Integer.toHexString(c) + " expected " + expected);
            }
        }
    }

    @Test
    void shouldAddCaseOrbitsWhenFolding()
    {
        final CharSet k = CharSet.of('k', 'k').fold();
        assertTrue(k.contains('K'));
        assertTrue(k.contains(0x212A));
        assertEquals(3, count(k));
        assertTrue(CharSet.of(0xDF, 0xDF).fold().contains(0x1E9E));
        assertTrue(CharSet.of(0x3C3, 0x3C3).fold().contains(0x3C2));
        assertEquals(2, count(CharSet.of('i', 'i').fold()));
        assertEquals(1, count(CharSet.of(0x130, 0x130).fold()));
        assertEquals(1, count(CharSet.of('1', '1').fold()));
    }

    @Test
    void shouldResolveNamesLikeRustWhenLookingUpUnicodeClasses()
    {
        assertTrue(CharSet.unicode("Greek").contains('α'));
        assertTrue(CharSet.unicode("greek").contains('α'));
        assertTrue(CharSet.unicode("isGreek").contains('α'));
        assertTrue(CharSet.unicode("sc=Grek").contains('α'));
        assertTrue(CharSet.unicode("Script:Greek").contains('α'));
        assertTrue(CharSet.unicode("gc=Lu").contains('A'));
        assertFalse(CharSet.unicode("gc!=Lu").contains('A'));
        assertTrue(CharSet.unicode("Letter").contains('a'));
        assertTrue(CharSet.unicode("L").contains('a'));
        assertTrue(CharSet.unicode("Uppercase_Letter").contains('A'));
        assertTrue(CharSet.unicode("White_Space").contains(0x3000));
        assertTrue(CharSet.unicode("Any").contains(0x10FFFF));
        assertFalse(CharSet.unicode("Any").contains(0xD800));
        assertTrue(CharSet.unicode("Emoji").contains(0x1F600));
        assertEquals("Unicode property not found",
            assertThrows(IllegalArgumentException.class, () -> CharSet.unicode("Foo")).getMessage());
        assertEquals("Unicode property value not found",
            assertThrows(IllegalArgumentException.class, () -> CharSet.unicode("sc=Foo")).getMessage());
    }

    private static int count(final CharSet s)
    {
        int n = 0;
        for (int r = 0; r < s.rangeCount(); r++)
        {
            n += s.hi(r) - s.lo(r) + 1;
        }
        return n;
    }
}
