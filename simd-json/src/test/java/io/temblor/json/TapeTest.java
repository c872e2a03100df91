package io.temblor.json;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
}
