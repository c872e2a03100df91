package io.temblor.json;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonCursorTest
{
    private static final String DOC = "{\"name\":\"temblor\",\"tags\":[\"a\",\"ß\",\"😀\"],\"n\":-12,\"big\":18446744073709551615," +
        "\"pi\":3.25,\"ok\":true,\"no\":false,\"nil\":null,\"nested\":{\"deep\":[[1],{\"x\":2}]},\"empty\":{}}";

    private final JsonParser parser = new JsonParser();
    private final JsonCursor root = new JsonCursor();
    private final JsonCursor value = new JsonCursor();
    private final JsonCursor other = new JsonCursor();

    private JsonCursor parse(final String json)
    {
        final byte[] bytes = JsonParserTest.utf8(json);
        assertEquals(JsonError.OK, parser.parse(bytes, 0, bytes.length));
        return root.wrap(parser.tape());
    }

    @Test
    void shouldReadScalarsWhenFieldsLookedUp()
    {
        parse(DOC);
        assertEquals(JsonType.OBJECT, root.type());
        assertEquals(10, root.size());

        assertTrue(root.field("name", value));
        assertEquals(JsonType.STRING, value.type());
        assertTrue(value.stringEquals("temblor"));
        assertFalse(value.stringEquals("temblo"));
        assertTrue(value.stringEquals("temblor".getBytes(StandardCharsets.UTF_8)));
        assertEquals(7, value.stringLength());
        assertEquals("temblor", value.stringView().toString());

        assertTrue(root.field("n", value));
        assertEquals(JsonType.INT64, value.type());
        assertEquals(-12L, value.longValue());
        assertEquals(-12.0, value.doubleValue());
        assertFalse(value.isUnsigned());

        assertTrue(root.field("big", value));
        assertEquals(JsonType.UINT64, value.type());
        assertTrue(value.isUnsigned());
        assertEquals(-1L, value.longValue());
        assertEquals(1.8446744073709552E19, value.doubleValue());

        assertTrue(root.field("pi", value));
        assertEquals(JsonType.DOUBLE, value.type());
        assertEquals(3.25, value.doubleValue());
        assertThrows(IllegalStateException.class, value::longValue);

        assertTrue(root.field("ok", value));
        assertTrue(value.booleanValue());
        assertTrue(root.field("no", value));
        assertEquals(JsonType.BOOLEAN, value.type());
        assertFalse(value.booleanValue());
        assertTrue(root.field("nil", value));
        assertTrue(value.isNull());
        assertEquals(JsonType.NULL, value.type());

        assertFalse(root.field("missing", value));
        assertFalse(root.field("nam", value));
        assertTrue(root.field("name".getBytes(StandardCharsets.UTF_8), value));
        assertThrows(IllegalStateException.class, value::size);
    }

    @Test
    void shouldNavigateArraysWhenElementAndIteration()
    {
        parse(DOC);
        assertTrue(root.field("tags", value));
        assertEquals(JsonType.ARRAY, value.type());
        assertEquals(3, value.size());
        assertTrue(value.element(1, other));
        assertTrue(other.stringEquals("ß"));
        assertEquals(2, other.stringLength());
        assertTrue(value.element(2, other));
        assertTrue(other.stringEquals("😀"));
        assertFalse(other.stringEquals("\ud83d"));
        assertFalse(value.element(3, other));
        assertFalse(value.element(-1, other));

        final StringBuilder seen = new StringBuilder();
        for (int i = value.firstChild(); i != Tape.NO_INDEX; i = value.nextSibling(i))
        {
            seen.append(other.wrap(parser.tape(), i).stringView()).append('|');
        }
        assertEquals("a|ß|😀|", seen.toString());
    }

    @Test
    void shouldIterateObjectEntriesWhenKeysAndValues()
    {
        parse(DOC);
        final StringBuilder keys = new StringBuilder();
        int count = 0;
        for (int k = root.firstChild(); k != Tape.NO_INDEX; k = root.nextSibling(k + 1))
        {
            keys.append(other.wrap(parser.tape(), k).stringView()).append(',');
            count++;
        }
        assertEquals("name,tags,n,big,pi,ok,no,nil,nested,empty,", keys.toString());
        assertEquals(root.size(), count);

        assertTrue(root.field("empty", value));
        assertEquals(0, value.size());
        assertEquals(Tape.NO_INDEX, value.firstChild());
        assertTrue(root.field("nested", value));
        assertTrue(value.field("deep", value));
        assertTrue(value.element(1, other));
        assertTrue(other.field("x", other));
        assertEquals(2L, other.longValue());
        assertTrue(value.element(0, other));
        assertTrue(other.element(0, other));
        assertEquals(1L, other.longValue());
    }

    @Test
    void shouldCopyStringBytesWhenAsked()
    {
        parse("\"h\\u00e9llo\"");
        final byte[] dst = new byte[10];
        assertEquals(6, root.stringBytes(dst, 2));
        assertEquals("héllo", new String(dst, 2, 6, StandardCharsets.UTF_8));
        final CharSequence view = root.stringView();
        assertEquals(5, view.length());
        assertEquals('é', view.charAt(1));
        assertEquals("él", view.subSequence(1, 3).toString());
    }

    @Test
    void shouldThrowWhenAccessorDoesNotMatchType()
    {
        parse("[1]");
        assertThrows(IllegalStateException.class, root::booleanValue);
        assertThrows(IllegalStateException.class, root::stringLength);
        assertThrows(IllegalStateException.class, () -> root.field("a", value));
        assertThrows(IllegalStateException.class, root::doubleValue);
        assertTrue(root.element(0, value));
        assertThrows(IllegalStateException.class, () -> value.element(0, other));
        assertEquals(5, root.skip());
        assertEquals(2, value.index());
        assertEquals(root.tape(), value.tape());
        assertEquals(1L, value.moveTo(2).longValue());
    }
}
