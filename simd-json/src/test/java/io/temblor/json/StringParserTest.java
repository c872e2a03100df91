package io.temblor.json;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

class StringParserTest
{
    private static String randomString(final Random random, final int length)
    {
        final StringBuilder sb = new StringBuilder();
        for (int i = 0; i < length; i++)
        {
            final int kind = random.nextInt(20);
            if (kind == 0)
            {
                sb.append((char)random.nextInt(0x20));
            }
            else if (kind == 1)
            {
                sb.append(random.nextBoolean() ? '"' : '\\');
            }
            else if (kind == 2)
            {
                sb.append((char)(0x80 + random.nextInt(0x700)));
            }
            else if (kind == 3)
            {
                sb.appendCodePoint(0x10000 + random.nextInt(0x1000));
            }
            else
            {
                sb.append((char)(0x20 + random.nextInt(0x5F)));
            }
        }
        return sb.toString();
    }

    @ParameterizedTest
    @EnumSource(SimdWidth.class)
    void shouldDecodeEveryStringWhenRandomContentAcrossBlockBoundaries(final SimdWidth width) throws Exception
    {
        // given
        final Random random = new Random(42);
        final List<String> strings = new ArrayList<>();
        for (int i = 0; i < 400; i++)
        {
            strings.add(randomString(random, random.nextInt(i < 200 ? 8 : 200)));
        }
        final ObjectMapper mapper = new ObjectMapper();
        final byte[] json = mapper.writeValueAsBytes(strings);

        // when
        try (JsonParser parser = new JsonParser(JsonParser.DEFAULT_MAX_DEPTH, width))
        {
            assertEquals(JsonError.OK, parser.parse(json, 0, json.length));

            // then
            final JsonCursor array = new JsonCursor().wrap(parser.tape());
            final JsonCursor element = new JsonCursor();
            assertEquals(strings.size(), array.size());
            for (int i = 0; i < strings.size(); i++)
            {
                array.element(i, element);
                assertEquals(strings.get(i), element.stringView().toString(), "string " + i);
                assertEquals(true, element.stringEquals(strings.get(i)));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(SimdWidth.class)
    void shouldRejectRawControlCharacterWhenAtAnyPositionOfLongString(final SimdWidth width)
    {
        try (JsonParser parser = new JsonParser(JsonParser.DEFAULT_MAX_DEPTH, width))
        {
            for (int at = 0; at < 140; at++)
            {
                final byte[] json = JsonParserTest.utf8("[0, \"" + "x".repeat(at) + "\u0001" + "y".repeat(150 - at) + "\"]");
                assertEquals(JsonError.STRING_ERROR, parser.parse(json, 0, json.length), "control at " + at);
                assertEquals(4, parser.errorOffset());
                final byte[] escaped = JsonParserTest.utf8("[\"" + "x".repeat(at) + "\\u00e9\\n" + "y".repeat(150 - at) + "\"]");
                assertEquals(JsonError.OK, parser.parse(escaped, 0, escaped.length));
                assertEquals("x".repeat(at) + "é\n" + "y".repeat(150 - at), JsonParserTest.string(parser.tape(), 2));
            }
        }
    }
}
