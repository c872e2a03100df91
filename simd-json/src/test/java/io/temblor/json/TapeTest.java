package io.temblor.json;

import io.temblor.offheap.ByteSink;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TapeTest
{
    private final JsonParser parser = new JsonParser();

    private Tape parse(final String json)
    {
        final byte[] bytes = JsonParserTest.utf8(json);
        assertEquals(JsonError.OK, parser.parse(bytes, 0, bytes.length));
        return parser.tape();
    }

    @Test
    void shouldSkipWholeValueWhenIndexIsContainerOrNumber()
    {
        // 0 r, 1 [, 2 {, 3 "a", 4 [, 5 ], 6 }, 7 l, 8 bits, 9 "s", 10 t, 11 ], 12 r
        final Tape tape = parse("[{\"a\":[]},7,\"s\",true]");
        assertEquals(13, tape.length());
        assertEquals(Tape.ROOT_INDEX, tape.rootIndex());
        assertEquals(12, tape.skip(1));
        assertEquals(7, tape.skip(2));
        assertEquals(4, tape.skip(3));
        assertEquals(6, tape.skip(4));
        assertEquals(9, tape.skip(7));
        assertEquals(10, tape.skip(9));
        assertEquals(11, tape.skip(10));
        assertEquals(12, tape.skip(0));
    }

    @Test
    void shouldExposeTagsPayloadsAndStringsWhenParsed()
    {
        final Tape tape = parse("{\"key\":\"välue\",\"n\":-5}");
        assertEquals(TapeDescriptor.TAG_START_OBJECT, tape.tag(1));
        assertEquals(TapeDescriptor.TAG_STRING, tape.tag(2));
        assertEquals(3, tape.stringLength(2));
        assertEquals(0, tape.payload(2));
        assertEquals(TapeDescriptor.STRING_LENGTH_BYTES, tape.stringOffset(2));
        assertEquals("välue", JsonParserTest.string(tape, 3));
        assertEquals(6, tape.stringLength(3));
        assertEquals(TapeDescriptor.TAG_INT64, tape.tag(5));
        assertEquals(-5L, tape.numberBits(5));
        assertEquals(TapeDescriptor.TAG_END_OBJECT, tape.tag(7));
        assertEquals(1, tape.payload(7));
        assertEquals(TapeDescriptor.TAG_ROOT, tape.tag(8));
        assertEquals(tape.word(5), tape.words().get(Tape.WORD, 5 * 8L));
    }

    @Test
    void shouldRejectIndexWhenOutsideTape()
    {
        final Tape tape = parse("[]");
        assertEquals(4, tape.length());
        if (Tape.SHOULD_BOUNDS_CHECK)
        {
            assertThrows(IndexOutOfBoundsException.class, () -> tape.word(4));
            assertThrows(IndexOutOfBoundsException.class, () -> tape.word(-1));
        }
    }

    @Test
    void shouldGrowBuffersWhenDocumentLargerThanBefore()
    {
        final StringBuilder json = new StringBuilder("[");
        for (int i = 0; i < 20_000; i++)
        {
            json.append(i == 0 ? "" : ",").append("\"string number ").append(i).append('"');
        }
        final Tape tape = parse(json.append(']').toString());
        assertEquals(20_000 + 4, tape.length());
        assertEquals("string number 19999", JsonParserTest.string(tape, 20_001));
        final Tape small = parse("[\"x\"]");
        assertEquals("x", JsonParserTest.string(small, 2));
    }

    /** Whether the document is canonical at every width; agrees across widths and, when true, equals the writer. */
    private static boolean canonical(final String json)
    {
        final byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        Boolean result = null;
        try (ByteSink sink = new ByteSink())
        {
            for (final SimdWidth width : TestSupport.WIDTHS)
            {
                try (JsonParser p = new JsonParser(64, width))
                {
                    assertEquals(JsonError.OK, p.parse(bytes, 0, bytes.length), json);
                    final boolean c = p.tape().canonical();
                    checkSpan(p, c, sink, json);
                    if (result != null)
                    {
                        assertEquals(result, c, json + " at " + width);
                    }
                    result = c;
                }
            }
        }
        return result;
    }

    private static void checkSpan(final JsonParser p, final boolean canonical, final ByteSink sink, final String what)
    {
        if (canonical)
        {
            final Tape tape = p.tape();
            final byte[] span = Arrays.copyOfRange(tape.source(), tape.sourceOffset(), tape.sourceOffset() + tape.sourceLength());
            assertArrayEquals(TestSupport.serialize(p, new JsonWriter(), sink), span, what);
        }
    }

    @Test
    void shouldBeCanonicalWhenCompactWithoutEscapesOrDoubles()
    {
        assertTrue(canonical("{\"a\":1,\"b\":[true,false,null,-1,\"x y\"],\"c\":{}}"));
        assertTrue(canonical("[]"));
        assertTrue(canonical("  {\"a\":\"tab and space inside\"}  \n"));
        assertTrue(canonical("[9223372036854775807,-9223372036854775808,18446744073709551615,1234567890123456789]"));
        assertTrue(canonical("[[[{\"k\":[{\"k\":\"\u00e9\u2028\u007f\"}]}]]]"));
        assertTrue(canonical("[1.5,70.69,-0.5,100.0,0.001,123456789.012345]"));
    }

    @Test
    void shouldNotBeCanonicalWhenWhitespaceBetweenTokens()
    {
        assertFalse(canonical("{\"a\": 1}"));
        assertFalse(canonical("{\"a\" :1}"));
        assertFalse(canonical("[1, 2]"));
        assertFalse(canonical("[1 ,2]"));
        assertFalse(canonical("[ 1]"));
        assertFalse(canonical("[1 ]"));
        assertFalse(canonical("{\"a\":[1,2]\n}"));
        assertFalse(canonical("{\"a\":[1,2],\t\"b\":1}"));
        assertFalse(canonical("[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31, 32]"));
    }

    @Test
    void shouldNotBeCanonicalWhenStringHasEscape()
    {
        assertFalse(canonical("[\"a\\nb\"]"));
        assertFalse(canonical("[\"a\\\"b\"]"));
        assertFalse(canonical("[\"\\u00e9\"]"));
        assertFalse(canonical("[\"\\/\"]"));
        assertFalse(canonical("{\"k\\\\\":1}"));
    }

    @Test
    void shouldNotBeCanonicalWhenNumberPrintsDifferently()
    {
        for (final String n : new String[]{"1.50", "1e5", "1E5", "1.0e2", "0.0", "-0.0", "-0", "0.00001",
            "123456789012345678901", "1.2345678901234567", "0.30000000000000004", "1.000"})
        {
            assertFalse(canonical("[" + n + "]"), n);
            assertFalse(canonical("{\"n\":" + n + "}"), n);
        }
        assertTrue(canonical("[-1]"));
        assertTrue(canonical("[0,-7]"));
    }

    @Test
    void shouldNotBeCanonicalWhenRootIsScalar()
    {
        assertFalse(canonical("1"));
        assertFalse(canonical("\"s\""));
        assertFalse(canonical("true"));
        assertFalse(canonical("null"));
    }

    @Test
    void shouldTrackEachDocumentWhenNdjsonSpansWindows()
    {
        // given: documents of ~200 bytes, some with whitespace, over several 64 KB windows, one spanning lines
        final StringBuilder text = new StringBuilder();
        final SplittableRandom random = new SplittableRandom(7);
        final int docs = 1200;
        final boolean[] expected = new boolean[docs];
        for (int d = 0; d < docs; d++)
        {
            final int kind = random.nextInt(4);
            final String filler = "x".repeat(random.nextInt(150));
            final String doc = switch (kind)
            {
                case 0 -> "{\"i\":" + d + ",\"s\":\"" + filler + "\"}";
                case 1 -> "{\"i\":" + d + ", \"s\":\"" + filler + "\"}";
                case 2 -> "{\"i\":" + d + ",\"s\":\"" + filler + "\\n\"}";
                default -> "{\"i\":" + d + ",\n\"s\":\"" + filler + "\"}";
            };
            expected[d] = kind == 0;
            text.append(doc).append(random.nextBoolean() ? "\n" : "  \n");
        }
        final byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        try (ByteSink sink = new ByteSink())
        {
            for (final SimdWidth width : TestSupport.WIDTHS)
            {
                try (JsonParser p = new JsonParser(64, width))
                {
                    // when
                    assertEquals(JsonError.OK, p.startDocuments(bytes, 0, bytes.length));
                    for (int d = 0; d < docs; d++)
                    {
                        assertEquals(JsonError.OK, p.nextDocument(), "doc " + d);
                        // then
                        assertEquals(expected[d], p.tape().canonical(), "doc " + d + " at " + width);
                        checkSpan(p, expected[d], sink, "doc " + d);
                    }
                    assertEquals(JsonParser.END_OF_DOCUMENTS, p.nextDocument());
                }
            }
        }
    }

    @Test
    void shouldEqualWriterOutputWhenCanonicalOnRandomDocuments()
    {
        final SplittableRandom random = new SplittableRandom(42);
        int canonicalCount = 0;
        try (ByteSink sink = new ByteSink())
        {
            for (final SimdWidth width : TestSupport.WIDTHS)
            {
                try (JsonParser p = new JsonParser(64, width); JsonParser q = new JsonParser(64, width))
                {
                    for (int n = 0; n < 3000; n++)
                    {
                        final StringBuilder out = new StringBuilder();
                        RandomJson.value(random, out, 0);
                        final byte[] bytes = out.toString().getBytes(StandardCharsets.UTF_8);
                        assertEquals(JsonError.OK, p.parse(bytes, 0, bytes.length));
                        checkSpan(p, p.tape().canonical(), sink, out.toString());
                        // the compact form again: canonical when it has no escape and no double (doubles are judged conservatively)
                        final byte[] compact = TestSupport.serialize(p, new JsonWriter(), sink);
                        assertEquals(JsonError.OK, q.parse(compact, 0, compact.length));
                        final Tape tape = q.tape();
                        final boolean container = tape.tag(1) == '{' || tape.tag(1) == '[';
                        boolean escapeOrDouble = false;
                        for (final byte b : compact)
                        {
                            escapeOrDouble |= b == '\\';
                        }
                        for (int i = 1; i < tape.length() - 1; i++)
                        {
                            escapeOrDouble |= tape.tag(i) == TapeDescriptor.TAG_DOUBLE;
                            i += tape.tag(i) == 'l' || tape.tag(i) == 'u' || tape.tag(i) == 'd' ? 1 : 0;
                        }
                        if (container && !escapeOrDouble)
                        {
                            assertTrue(tape.canonical(), new String(compact, StandardCharsets.UTF_8));
                        }
                        checkSpan(q, tape.canonical(), sink, "compact");
                        canonicalCount += tape.canonical() ? 1 : 0;
                    }
                }
            }
        }
        assertTrue(canonicalCount > 1000, "canonical documents " + canonicalCount);
    }

    @Test
    void shouldPrintPlainDecimalsAsReadWhenNumberCanonical()
    {
        // the conservative double rule against the writer: random plain decimals it accepts print back unchanged
        final SplittableRandom random = new SplittableRandom(3);
        try (JsonParser p = new JsonParser(); ByteSink sink = new ByteSink())
        {
            for (int n = 0; n < 200_000; n++)
            {
                final int intDigits = random.nextInt(8);
                final StringBuilder text = new StringBuilder("[");
                if (random.nextBoolean())
                {
                    text.append('-');
                }
                text.append(intDigits == 0 ? "0" : String.valueOf(1 + random.nextLong((long)Math.pow(10, intDigits) - 1)));
                text.append('.');
                final int zeros = random.nextInt(6);
                text.append("0".repeat(zeros));
                text.append(random.nextLong(1_000_000_000L) + 1);
                if (random.nextInt(10) == 0)
                {
                    text.append('0');
                }
                text.append(']');
                final byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
                assertEquals(JsonError.OK, p.parse(bytes, 0, bytes.length));
                checkSpan(p, p.tape().canonical(), sink, text.toString());
            }
        }
    }
}
