package io.temblor.json;

import io.temblor.offheap.ByteSink;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A document parsed by one parser, written as a {@link TapeFrame} and loaded by another parser gives the same tape:
 * same JSON written back, same canonical flag, same root input text.
 */
class TapeFrameTest
{
    private static final String[] DOCUMENTS = {
        "{\"a\":1,\"b\":[true,false,null,-1,\"x y\"],\"c\":{}}",
        "{\"a\": 1, \"s\": \"esc\\\"aped \\u00e9\", \"f\": 1.5e3, \"n\": [[], {}, [1, [2, {\"k\": \"v\"}]]]}",
        "  [1.25, \"\u00e9\u2028\", 18446744073709551615, -9223372036854775808]  \n",
        "{\"about\":\"" + "lorem ipsum ".repeat(50) + "\",\"tags\":[\"tag4\",\"tag1\"],\"aint\":33}",
    };

    private static String written(final Tape tape)
    {
        try (ByteSink sink = new ByteSink(256))
        {
            new JsonWriter().write(tape, sink);
            final byte[] bytes = new byte[(int)sink.position()];
            MemorySegment.copy(sink.segment(), java.lang.foreign.ValueLayout.JAVA_BYTE, 0, bytes, 0, bytes.length);
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    @Test
    void shouldLoadTheSameDocumentAsParsed()
    {
        try (JsonParser producer = new JsonParser(); JsonParser consumer = new JsonParser(); Arena arena = Arena.ofConfined())
        {
            for (final String json : DOCUMENTS)
            {
                // given
                final byte[] input = json.getBytes(StandardCharsets.UTF_8);
                assertEquals(JsonError.OK, producer.parse(input, 0, input.length), json);
                final Tape parsed = producer.tape();
                final String expected = written(parsed);
                final boolean canonical = parsed.canonical();
                final String rootText = new String(parsed.source(), parsed.sourceOffset(), parsed.sourceLength(),
                    StandardCharsets.UTF_8);
                final int length = TapeFrame.length(parsed);
                assertTrue(length > TapeFrame.HEADER_LENGTH, json);
                final MemorySegment frame = arena.allocate(length + 16);
                // when
                assertEquals(length, TapeFrame.write(parsed, frame, 16));
                assertEquals(JsonError.OK, consumer.load(frame, 16, length), json);
                // then
                final Tape loaded = consumer.tape();
                assertEquals(parsed.length(), loaded.length(), json);
                assertEquals(expected, written(loaded), json);
                assertEquals(canonical, loaded.canonical(), json);
                assertEquals(rootText, new String(loaded.source(), loaded.sourceOffset(), loaded.sourceLength(),
                    StandardCharsets.UTF_8), json);
            }
        }
    }

    @Test
    void shouldRejectBytesThatAreNotAFrame()
    {
        try (JsonParser producer = new JsonParser(); JsonParser consumer = new JsonParser(); Arena arena = Arena.ofConfined())
        {
            final byte[] json = "{\"a\":[1,2,3]}".getBytes(StandardCharsets.UTF_8);
            final MemorySegment text = arena.allocate(json.length);
            MemorySegment.copy(json, 0, text, java.lang.foreign.ValueLayout.JAVA_BYTE, 0, json.length);
            assertEquals(JsonError.TAPE_ERROR, consumer.load(text, 0, json.length));
            assertEquals(0, consumer.tape().length());
            // a frame cut short
            assertEquals(JsonError.OK, producer.parse(json, 0, json.length));
            final int length = TapeFrame.length(producer.tape());
            final MemorySegment frame = arena.allocate(length);
            TapeFrame.write(producer.tape(), frame, 0);
            assertEquals(JsonError.TAPE_ERROR, consumer.load(frame, 0, length - 1));
            assertFalse(TapeFrame.isFrame(frame, 0, length + 1));
            // the parser is still usable
            assertEquals(JsonError.OK, consumer.load(frame, 0, length));
        }
    }

    @Test
    void shouldHaveNoFrameForAScalarRoot()
    {
        try (JsonParser parser = new JsonParser())
        {
            final byte[] json = "\"just a string\"".getBytes(StandardCharsets.UTF_8);
            assertEquals(JsonError.OK, parser.parse(json, 0, json.length));
            assertEquals(-1, TapeFrame.length(parser.tape()));
        }
    }
}
