package io.temblor.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.temblor.offheap.ByteSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonWriterTest
{
    private final JsonParser parser = new JsonParser();
    private final JsonWriter writer = new JsonWriter();
    private final ByteSink sink = new ByteSink(16);

    private String roundTrip(final String json)
    {
        final byte[] bytes = JsonParserTest.utf8(json);
        assertEquals(JsonError.OK, parser.parse(bytes, 0, bytes.length), json);
        sink.reset();
        final long written = writer.write(parser.tape(), sink);
        assertEquals(sink.position(), written);
        return new String(sink.toByteArray(), StandardCharsets.UTF_8);
    }

    @Test
    void shouldQuoteJavaStringsAsTheByteWriterEscapesWhenQuoting()
    {
        // given every character below U+0100 and a few beyond
        final StringBuilder text = new StringBuilder();
        for (char c = 0; c < 0x100; c++)
        {
            text.append(c);
        }
        text.append("\u20ac\ud83d\ude00");
        final byte[] utf8 = text.toString().getBytes(StandardCharsets.UTF_8);

        // when
        final String quoted = JsonWriter.quote(text, new StringBuilder()).toString();
        sink.reset();
        JsonWriter.writeString(utf8, 0, utf8.length, sink);

        // then
        assertEquals(new String(sink.toByteArray(), StandardCharsets.UTF_8), quoted);
        assertEquals("\"a\\\"b\\\\c\\nd\\u0001\\u001f\\b\\f\"", JsonWriter.quote("a\"b\\c\nd\u0001\u001f\b\f",
            new StringBuilder()).toString());
    }

    @Test
    void shouldWriteCompactJsonWhenWhitespaceInInput()
    {
        assertEquals("{\"a\":[1,true,false,null,{}],\"b\":{\"c\":[]},\"d\":\"x\"}",
            roundTrip(" { \"a\" : [ 1 , true , false , null , { } ] , \"b\" : { \"c\" : [ ] } , \"d\" : \"x\" } "));
        assertEquals("[[],[[]],{\"k\":{\"k\":{}}}]", roundTrip("[[],[[]],{\"k\":{\"k\":{}}}]"));
        assertEquals("\"s\"", roundTrip("\"s\""));
        assertEquals("-7", roundTrip("-7"));
        assertEquals("null", roundTrip(" null "));
    }

    @Test
    void shouldEscapeQuotesBackslashesAndControlsWhenWritingStrings()
    {
        assertEquals("[\"q\\\"b\\\\s/\\b\\f\\n\\r\\t\\u0000\\u001f\"]",
            roundTrip("[\"q\\\"b\\\\s\\/\\b\\f\\n\\r\\t\\u0000\\u001F\"]"));
        assertEquals("{\"é€😀\":\"\u007f\"}", roundTrip("{\"\\u00e9\\u20ac\\ud83d\\ude00\":\"\\u007f\"}"));
    }

    @Test
    void shouldWriteNumbersExactlyWhenIntegersAndDoubles()
    {
        assertEquals("[0,-9223372036854775808,9223372036854775807,18446744073709551615]",
            roundTrip("[0,-9223372036854775808,9223372036854775807,18446744073709551615]"));
        final String doubles = roundTrip("[1.5,-0.0,1e21,0.1,2.5e-7,1.0]");
        final JsonNode node;
        try
        {
            node = new ObjectMapper().readTree(doubles);
        }
        catch (final IOException ex)
        {
            throw new AssertionError(doubles, ex);
        }
        assertEquals(1.5, node.get(0).doubleValue());
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(node.get(1).doubleValue()));
        assertEquals(1e21, node.get(2).doubleValue());
        assertEquals(0.1, node.get(3).doubleValue());
        assertEquals(2.5e-7, node.get(4).doubleValue());
        assertTrue(node.get(5).isDouble());
    }

    @Test
    void shouldWriteSubtreeWhenGivenCursor()
    {
        final byte[] bytes = JsonParserTest.utf8("{\"a\":{\"b\":[1,{\"c\":\"d\"}]},\"e\":2}");
        assertEquals(JsonError.OK, parser.parse(bytes, 0, bytes.length));
        final JsonCursor root = new JsonCursor().wrap(parser.tape());
        final JsonCursor a = new JsonCursor();
        assertTrue(root.field("a", a));
        sink.reset();
        writer.write(a, sink);
        assertEquals("{\"b\":[1,{\"c\":\"d\"}]}", new String(sink.toByteArray(), StandardCharsets.UTF_8));
        assertTrue(a.field("b", a));
        assertTrue(a.element(1, a));
        sink.reset();
        writer.write(parser.tape(), a.index(), sink);
        assertEquals("{\"c\":\"d\"}", new String(sink.toByteArray(), StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @ValueSource(strings = {"twitter.json", "citm_catalog.json", "canada.json", "github_events.json", "gsoc-2018.json"})
    void shouldMatchJacksonTreeWhenRoundTrippingFile(final String file) throws IOException
    {
        // given
        final byte[] bytes = Files.readAllBytes(JsonParserTest.DATA.resolve(file));

        // when
        assertEquals(JsonError.OK, parser.parse(bytes, 0, bytes.length));
        sink.reset();
        writer.write(parser.tape(), sink);
        final byte[] written = sink.toByteArray();

        // then
        final ObjectMapper mapper = new ObjectMapper();
        assertEquals(mapper.readTree(bytes), mapper.readTree(written));
        assertEquals(JsonError.OK, parser.parse(written, 0, written.length));
        sink.reset();
        writer.write(parser.tape(), sink);
        assertEquals(new String(written, StandardCharsets.UTF_8), new String(sink.toByteArray(), StandardCharsets.UTF_8));
    }

    @Test
    void shouldNotAllocateWhenWritingRepeatedly() throws IOException
    {
        // given
        final byte[] bytes = Files.readAllBytes(JsonParserTest.DATA.resolve("twitter.json"));
        assertEquals(JsonError.OK, parser.parse(bytes, 0, bytes.length));
        final Tape tape = parser.tape();
        for (int i = 0; i < 200; i++)
        {
            sink.reset();
            writer.write(tape, sink);
        }
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final long threadId = Thread.currentThread().threadId();

        // when
        final long before = threads.getThreadAllocatedBytes(threadId);
        long total = 0;
        for (int i = 0; i < 200; i++)
        {
            sink.reset();
            total += writer.write(tape, sink);
        }
        final long allocated = threads.getThreadAllocatedBytes(threadId) - before;

        // then
        assertTrue(total > 200L * 400_000, "wrote " + total);
        assertTrue(allocated < 1024, "allocated " + allocated + " bytes");
    }
}
