package io.temblor.json;

import com.fasterxml.jackson.databind.JsonNode;
import io.temblor.offheap.ByteSink;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * parse → serialize keeps every value: for each accepted JSONTestSuite file and each benchmark corpus, the compact
 * output read by a reference parser (Jackson, exact numbers) equals the input read by the same reference, and
 * formatting is idempotent byte for byte.
 */
class RoundTripTest
{
    private static JsonParser parser;
    private static JsonParser reparser;
    private static JsonWriter writer;
    private static ByteSink sink;

    @BeforeAll
    static void setUp()
    {
        parser = new JsonParser();
        reparser = new JsonParser();
        writer = new JsonWriter();
        sink = new ByteSink(1 << 16);
    }

    @AfterAll
    static void tearDown()
    {
        parser.close();
        reparser.close();
        sink.close();
    }

    @TestFactory
    List<DynamicTest> shouldRoundTripEveryAcceptedSuiteFile()
    {
        final List<DynamicTest> tests = new ArrayList<>();
        for (final Path file : TestSupport.list(TestSupport.testParsing(), ""))
        {
            final String name = file.getFileName().toString();
            if (name.startsWith("n_"))
            {
                continue;
            }
            tests.add(DynamicTest.dynamicTest(name, () ->
            {
                final byte[] input = TestSupport.read(file);
                if (parser.parse(input, 0, input.length) != JsonError.OK)
                {
                    assertEquals('i', name.charAt(0), name + " is a y_ file and must parse");
                    return;
                }
                assertRoundTrip(name, input, TestSupport.serialize(parser, writer, sink), name.startsWith("y_"));
            }));
        }
        return tests;
    }

    @TestFactory
    List<DynamicTest> shouldRoundTripEveryCorpus()
    {
        final List<DynamicTest> tests = new ArrayList<>();
        for (final Path file : TestSupport.list(TestSupport.corpora(), ""))
        {
            final String name = file.getFileName().toString();
            tests.add(DynamicTest.dynamicTest(name, () ->
            {
                final byte[] input = TestSupport.read(file);
                if (name.endsWith(".ndjson"))
                {
                    roundTripDocuments(name, input);
                }
                else
                {
                    assertEquals(JsonError.OK, parser.parse(input, 0, input.length), name);
                    assertRoundTrip(name, input, TestSupport.serialize(parser, writer, sink), true);
                }
            }));
        }
        return tests;
    }

    private static void roundTripDocuments(final String name, final byte[] input)
    {
        final String[] lines = new String(input, StandardCharsets.UTF_8).split("\n");
        assertEquals(JsonError.OK, parser.startDocuments(input, 0, input.length), name);
        int documents = 0;
        int status;
        while ((status = parser.nextDocument()) == JsonError.OK)
        {
            final byte[] line = lines[documents].getBytes(StandardCharsets.UTF_8);
            assertRoundTrip(name + ":" + (documents + 1), line, TestSupport.serialize(parser, writer, sink), true);
            documents++;
        }
        assertEquals(JsonParser.END_OF_DOCUMENTS, status, name + ": stream must end cleanly");
        assertEquals(Arrays.stream(lines).filter(l -> !l.isBlank()).count(), documents, name + ": documents");
    }

    static void assertRoundTrip(final String name, final byte[] input, final byte[] output, final boolean referenceMustAccept)
    {
        final JsonNode expected = referenceMustAccept ? JsonValues.read(input) : JsonValues.readOrNull(input);
        if (expected != null)
        {
            final JsonNode actual = JsonValues.read(output);
            assertNotNull(actual, name);
            JsonValues.assertSameValue(expected, actual, name + " $");
        }
        assertEquals(JsonError.OK, reparser.parse(output, 0, output.length), () -> name + ": output must parse: "
            + new String(output, StandardCharsets.UTF_8));
        assertArrayEquals(output, TestSupport.serialize(reparser, writer, sink), name + ": formatting must be idempotent");
    }
}
