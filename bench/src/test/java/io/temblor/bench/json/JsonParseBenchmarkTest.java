package io.temblor.bench.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.temblor.json.Tape;
import io.temblor.json.TapeDescriptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.simdjson.JsonValue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Checks that every benchmark method does the work it claims: all four parsers see the same values as a reference
 * (Jackson databind's tree) on small inputs and on corpus files.
 */
class JsonParseBenchmarkTest
{
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void shouldCountEveryValueByHandWhenReferenceWalksSmallDocument() throws Exception
    {
        // 1 root + name 2 + ints 7 + doubles 6 + flags 8 + empty 6 + nested 11
        assertEquals(41, referenceCount(MAPPER.readTree(resources().resolve("small.json").toFile())));
    }

    @ParameterizedTest
    @ValueSource(strings = {"small.json", "github_events.json", "twitter.json"})
    void shouldSeeSameValuesInEveryParserWhenParsingDocument(final String file) throws Exception
    {
        // given
        final Path dir = "small.json".equals(file) ? resources() : corpus();
        final long expected = referenceCount(MAPPER.readTree(dir.resolve(file).toFile()));
        final JsonParseBenchmark bench = load(dir, file);
        try
        {
            // when
            final long words = bench.temblor();
            final Object simdjson = bench.simdjsonJava();
            final long jackson = bench.jacksonStreaming();
            final Object fastjson = bench.fastjson2();

            // then
            final Tape tape = bench.temblorParser.tape();
            assertEquals(TapeDescriptor.TAG_ROOT, tape.tag((int)words - 1), "temblor returns the tape's word count");
            assertEquals(expected, tapeCount(tape), "temblor");
            assertEquals(expected, simdjsonCount((JsonValue)simdjson), "simdjsonJava");
            assertEquals(expected, jackson, "jacksonStreaming");
            assertEquals(expected, fastjsonCount(fastjson), "fastjson2");
        }
        finally
        {
            bench.tearDown();
        }
    }

    @Test
    void shouldSumRootEntriesInEveryParserWhenParsingNdjson() throws Exception
    {
        // given: 3 documents (and a blank line) with 4 + 4 + 3 root entries and 9 + 11 + 11 values
        final JsonParseBenchmark bench = load(resources(), "small.ndjson");
        long entries = 0;
        long values = 0;
        for (final String line : Files.readAllLines(resources().resolve("small.ndjson"), StandardCharsets.UTF_8))
        {
            if (!line.isBlank())
            {
                final JsonNode doc = MAPPER.readTree(line);
                entries += doc.size();
                values += referenceCount(doc);
            }
        }
        assertEquals(11, entries);
        assertEquals(31, values);
        try
        {
            // when / then
            assertEquals(3, bench.lineLengths.length);
            assertEquals(entries, bench.temblor(), "temblor");
            assertEquals(entries, bench.simdjsonJava(), "simdjsonJava");
            assertEquals(values, bench.jacksonStreaming(), "jacksonStreaming");
            assertEquals(entries, bench.fastjson2(), "fastjson2");
        }
        finally
        {
            bench.tearDown();
        }
    }

    @Test
    void shouldSumRootEntriesInEveryParserWhenParsingLogsCorpus() throws Exception
    {
        final JsonParseBenchmark bench = load(corpus(), "logs.ndjson");
        long entries = 0;
        for (final String line : Files.readAllLines(corpus().resolve("logs.ndjson"), StandardCharsets.UTF_8))
        {
            if (!line.isBlank())
            {
                entries += MAPPER.readTree(line).size();
            }
        }
        try
        {
            assertEquals(entries, bench.temblor(), "temblor");
            assertEquals(entries, bench.simdjsonJava(), "simdjsonJava");
            assertEquals(entries, bench.fastjson2(), "fastjson2");
        }
        finally
        {
            bench.tearDown();
        }
    }

    @Test
    void shouldPadSimdjsonInputWhenLoading() throws Exception
    {
        final JsonParseBenchmark bench = load(resources(), "small.json");
        assertEquals(bench.length + JsonParseBenchmark.SIMDJSON_PADDING, bench.padded.length);
        bench.tearDown();
    }

    @Test
    void shouldNameMissingFileWhenCorpusLacksIt()
    {
        final JsonParseBenchmark bench = new JsonParseBenchmark();
        bench.file = "no-such-file.json";
        final IllegalStateException ex = assertThrows(IllegalStateException.class, () -> bench.load(resources()));
        assertTrue(ex.getMessage().contains("no-such-file.json"), ex.getMessage());
    }

    private static JsonParseBenchmark load(final Path dir, final String file) throws IOException
    {
        final JsonParseBenchmark bench = new JsonParseBenchmark();
        bench.file = file;
        bench.load(dir);
        return bench;
    }

    private static Path resources() throws URISyntaxException
    {
        return Paths.get(JsonParseBenchmarkTest.class.getResource("small.json").toURI()).getParent();
    }

    private static Path corpus()
    {
        return Paths.get(System.getProperty("temblor.shared", "../../shared")).resolve("data/json");
    }

    /** Containers, object keys and scalars. */
    private static long referenceCount(final JsonNode node)
    {
        long count = 1;
        if (node.isObject())
        {
            for (final Map.Entry<String, JsonNode> e : node.properties())
            {
                count += 1 + referenceCount(e.getValue());
            }
        }
        else if (node.isArray())
        {
            for (final JsonNode element : node)
            {
                count += referenceCount(element);
            }
        }
        return count;
    }

    private static long tapeCount(final Tape tape)
    {
        final int end = (int)(tape.word(0) & TapeDescriptor.INDEX_MASK);
        long count = 0;
        for (int i = 1; i < end; i++)
        {
            switch (tape.tag(i))
            {
                case TapeDescriptor.TAG_INT64, TapeDescriptor.TAG_UINT64, TapeDescriptor.TAG_DOUBLE ->
                {
                    count++;
                    i++;
                }
                case TapeDescriptor.TAG_END_OBJECT, TapeDescriptor.TAG_END_ARRAY ->
                {
                }
                default -> count++;
            }
        }
        return count;
    }

    private static long simdjsonCount(final JsonValue value)
    {
        long count = 1;
        if (value.isObject())
        {
            final Iterator<Map.Entry<String, JsonValue>> it = value.objectIterator();
            while (it.hasNext())
            {
                count += 1 + simdjsonCount(it.next().getValue());
            }
        }
        else if (value.isArray())
        {
            final Iterator<JsonValue> it = value.arrayIterator();
            while (it.hasNext())
            {
                count += simdjsonCount(it.next());
            }
        }
        return count;
    }

    private static long fastjsonCount(final Object value)
    {
        long count = 1;
        if (value instanceof Map<?, ?> map)
        {
            for (final Object v : map.values())
            {
                count += 1 + fastjsonCount(v);
            }
        }
        else if (value instanceof List<?> list)
        {
            for (final Object v : list)
            {
                count += fastjsonCount(v);
            }
        }
        return count;
    }
}
