package io.temblor.json;

import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Utf8SequenceTest
{
    private final Utf8Sequence view = new Utf8Sequence();

    private Utf8Sequence wrap(final String s)
    {
        final byte[] bytes = ("xx" + s).getBytes(StandardCharsets.UTF_8);
        return view.wrap(MemorySegment.ofArray(bytes), 2, bytes.length - 2);
    }

    @Test
    void shouldReadCharsInPlaceWhenAscii()
    {
        final String s = "hello, world of ascii text";
        wrap(s);
        assertEquals(s.length(), view.length());
        assertEquals(s.length(), view.byteLength());
        for (int i = 0; i < s.length(); i++)
        {
            assertEquals(s.charAt(i), view.charAt(i));
        }
        assertEquals(s, view.toString());
        assertThrows(IndexOutOfBoundsException.class, () -> view.charAt(s.length()));
    }

    @Test
    void shouldDecodeToUtf16WhenNonAscii()
    {
        final String s = "aé€😀z" + "ü".repeat(100);
        wrap(s);
        assertEquals(s.length(), view.length());
        assertEquals(s, view.toString());
        assertEquals(s.charAt(3), view.charAt(3));
        assertEquals(s.charAt(4), view.charAt(4));
        assertEquals(s.substring(2, 5), view.subSequence(2, 5).toString());
        assertEquals(s, new StringBuilder(view).toString());
    }

    @Test
    void shouldCompareUtf8WithCharsWhenEquals()
    {
        final byte[] bytes = "aé€😀".getBytes(StandardCharsets.UTF_8);
        final MemorySegment seg = MemorySegment.ofArray(bytes);
        assertTrue(Utf8Sequence.equals(seg, 0, bytes.length, "aé€😀"));
        assertFalse(Utf8Sequence.equals(seg, 0, bytes.length, "aé€"));
        assertFalse(Utf8Sequence.equals(seg, 0, bytes.length, "aé€😁"));
        assertFalse(Utf8Sequence.equals(seg, 0, bytes.length, "ae€😀"));
        assertFalse(Utf8Sequence.equals(seg, 0, bytes.length - 4, "aé€\ud83d"));
        assertTrue(Utf8Sequence.equals(seg, 0, 0, ""));
        assertTrue(Utf8Sequence.isAscii(MemorySegment.ofArray("plain ascii!".getBytes(StandardCharsets.UTF_8)), 0, 12));
        assertFalse(Utf8Sequence.isAscii(seg, 0, bytes.length));
    }
}
