package io.temblor.json;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Checks UTF-8 validation, directly and through every stage 1 width, against the JDK's strict decoder.
 */
class Utf8ValidatorTest
{
    /** Bytes around every boundary of the lead and continuation ranges. */
    private static final int[] EDGES = {0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xF4, 0xFF};

    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    private final CharBuffer chars = CharBuffer.allocate(4096);

    @Test
    void shouldAcceptValidSequencesWhenCheckedDirectly()
    {
        final byte[] text = "aé€😀\u07ff\u0800\uffff\ud7ff\ue000".getBytes(StandardCharsets.UTF_8);
        assertEquals(-1, Utf8Validator.validate(text, 0, text.length));
        final byte[] max = {(byte)0xF4, (byte)0x8F, (byte)0xBF, (byte)0xBF};
        assertEquals(4, Utf8Validator.sequenceLength(max, 0, 4));
    }

    @Test
    void shouldRejectIllFormedSequencesWhenCheckedDirectly()
    {
        final int[][] bad = {
            {0x80}, {0xBF}, {0xC0, 0x80}, {0xC1, 0xBF}, {0xE0, 0x9F, 0xBF}, {0xED, 0xA0, 0x80}, {0xED, 0xBF, 0xBF},
            {0xF0, 0x8F, 0xBF, 0xBF}, {0xF4, 0x90, 0x80, 0x80}, {0xF5, 0x80, 0x80, 0x80}, {0xFF}, {0xC3}, {0xE2, 0x82},
            {0xF0, 0x9F, 0x98}, {0xE2, 0x41, 0x80}, {0xF0, 0x9F, 0x41, 0x80}
        };
        for (final int[] sequence : bad)
        {
            final byte[] bytes = new byte[sequence.length + 1];
            bytes[0] = 'x';
            for (int i = 0; i < sequence.length; i++)
            {
                bytes[i + 1] = (byte)sequence[i];
            }
            assertEquals(1, Utf8Validator.validate(bytes, 0, bytes.length), Arrays.toString(sequence));
        }
    }

    @ParameterizedTest
    @EnumSource(SimdWidth.class)
    void shouldMatchStrictDecoderWhenEveryTwoByteSequenceIsPlacedAnywhere(final SimdWidth width)
    {
        final StructuralIndexer indexer = new StructuralIndexer(width);
        for (int b0 = 0x80; b0 <= 0xFF; b0++)
        {
            for (int b1 = 0; b1 <= 0xFF; b1++)
            {
                // each pair at a different position modulo 64, plus once at the very end of the input
                final int at = (b0 * 31 + b1) % 128;
                check(indexer, placed(at, 70, b0, b1));
                if (b1 % 16 == 0)
                {
                    check(indexer, placed(at, 0, b0, b1));
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(SimdWidth.class)
    void shouldMatchStrictDecoderWhenThreeAndFourByteSequencesArePlacedAnywhere(final SimdWidth width)
    {
        final StructuralIndexer indexer = new StructuralIndexer(width);
        int round = 0;
        for (int b0 = 0xE0; b0 <= 0xFF; b0++)
        {
            for (int b1 = 0; b1 <= 0xFF; b1++)
            {
                for (final int b2 : EDGES)
                {
                    final int at = round++ % 130;
                    check(indexer, placed(at, 9, b0, b1, b2));
                    check(indexer, placed(at, 9, b0, b1, b2, 0x80));
                    check(indexer, placed(at, 0, b0, b1, b2, b2));
                    check(indexer, placed(at, 0, b0, b2, b1));
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(SimdWidth.class)
    void shouldMatchStrictDecoderWhenSequencesStraddleEveryBlockOffset(final SimdWidth width)
    {
        final int[][] samples = {
            {0xC3, 0xA9}, {0xDF, 0xBF}, {0xE2, 0x82, 0xAC}, {0xEF, 0xBF, 0xBF}, {0xED, 0x9F, 0xBF}, {0xF0, 0x9F, 0x98, 0x80},
            {0xF4, 0x8F, 0xBF, 0xBF}, {0xC0, 0x80}, {0xE0, 0x80, 0x80}, {0xED, 0xA0, 0x80}, {0xF4, 0x90, 0x80, 0x80},
            {0x80}, {0xE2, 0x82}, {0xF0, 0x9F, 0x98}, {0xC3, 0xA9, 0xA9}
        };
        final StructuralIndexer indexer = new StructuralIndexer(width);
        for (final int[] sample : samples)
        {
            for (int at = 0; at < 140; at++)
            {
                check(indexer, placed(at, 150 - at, sample));
                check(indexer, placed(at, 0, sample));
                check(indexer, placed(at, 1, sample));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(SimdWidth.class)
    void shouldMatchStrictDecoderWhenTextIsRandom(final SimdWidth width)
    {
        final String[] pieces = {"a", " ", "\"", "é", "€", "😀", "\u0800", "\uffff", "\ud7ff", "\u0080"};
        final Random random = new Random(7);
        final StructuralIndexer indexer = new StructuralIndexer(width);
        for (int round = 0; round < 5000; round++)
        {
            final StringBuilder sb = new StringBuilder("\"");
            final int n = random.nextInt(120);
            for (int i = 0; i < n; i++)
            {
                sb.append(pieces[random.nextInt(pieces.length)]);
            }
            final byte[] valid = sb.toString().replace("\"", "").concat("\"").getBytes(StandardCharsets.UTF_8);
            valid[0] = '"';
            check(indexer, valid);
            if (valid.length > 2)
            {
                // one random byte anywhere, often breaking a sequence
                final byte[] mutated = valid.clone();
                mutated[1 + random.nextInt(mutated.length - 2)] = (byte)random.nextInt(256);
                check(indexer, mutated);
            }
        }
    }

    /** ASCII filler, the sequence at {@code at}, then {@code after} bytes of filler. */
    private static byte[] placed(final int at, final int after, final int... sequence)
    {
        final byte[] bytes = new byte[at + sequence.length + after];
        Arrays.fill(bytes, (byte)'a');
        for (int i = 0; i < sequence.length; i++)
        {
            bytes[at + i] = (byte)sequence[i];
        }
        return bytes;
    }

    private void check(final StructuralIndexer indexer, final byte[] bytes)
    {
        // expected: the JDK decoder stops at the first byte of the first ill-formed sequence
        decoder.reset();
        chars.clear();
        final ByteBuffer in = ByteBuffer.wrap(bytes);
        final CoderResult result = decoder.decode(in, chars, true);
        assertTrue(!result.isOverflow(), "decoder buffer too small");
        final int actual = indexer.index(MemorySegment.ofArray(bytes), 0, bytes.length);
        if (result.isError())
        {
            assertEquals(JsonError.UTF8_ERROR, actual, () -> "status of " + hex(bytes));
            assertEquals(in.position(), indexer.errorOffset(), () -> "error offset in " + hex(bytes));
        }
        else
        {
            assertTrue(actual >= 0 || actual == JsonError.UNCLOSED_STRING, () -> "status " + actual + " of " + hex(bytes));
        }
    }

    private static String hex(final byte[] bytes)
    {
        final StringBuilder sb = new StringBuilder();
        for (final byte b : bytes)
        {
            sb.append(String.format("%02x ", b & 0xFF));
        }
        return sb.toString();
    }
}
