package io.temblor.engine.codec;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The eight-bytes-at-a-time search finds what a byte loop finds, at every position, range and byte value. */
class TextTest
{
    private static int naive(final byte[] b, final int from, final int to, final int c)
    {
        for (int i = from; i < to; i++)
        {
            if (b[i] == c)
            {
                return i;
            }
        }
        return -1;
    }

    @Test
    void shouldFindTheFirstOccurrenceLikeAByteLoop()
    {
        final Random random = new Random(42);
        for (int round = 0; round < 20_000; round++)
        {
            final byte[] b = new byte[random.nextInt(40)];
            // few distinct values so that matches, neighbours of matches and 0x00/0x80/0xFF bytes are common
            final byte[] alphabet = {'\n', 'a', 0, (byte)0x80, (byte)0xFF, (byte)0x0B, (byte)0x09};
            for (int i = 0; i < b.length; i++)
            {
                b[i] = alphabet[random.nextInt(alphabet.length)];
            }
            final int from = b.length == 0 ? 0 : random.nextInt(b.length + 1);
            final int to = from + random.nextInt(b.length - from + 1);
            final byte c = alphabet[random.nextInt(alphabet.length)];
            assertEquals(naive(b, from, to, c), Text.indexOf(b, from, to, c),
                () -> "c=" + c + " from=" + from + " to=" + to + " in " + java.util.Arrays.toString(b));
        }
    }

    @Test
    void shouldFindEachNewlineOfALongLine()
    {
        final byte[] b = "0123456789abcdef\n0123456\n\n89abcdef0123456789abcdef012345678\n".getBytes();
        int at = -1;
        int count = 0;
        while ((at = Text.indexOf(b, at + 1, b.length, '\n')) >= 0)
        {
            assertEquals('\n', b[at]);
            count++;
        }
        assertEquals(4, count);
        assertEquals(-1, Text.indexOf(b, 0, 16, '\n'));
    }
}
