package io.temblor.json;

import com.fasterxml.jackson.databind.JsonNode;
import io.temblor.offheap.ByteSink;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Property and fuzz tests: random valid JSON (nested, unicode, escapes, numbers at the edges) round-trips through
 * every SIMD width; random byte mutations of valid documents never throw, every width reaches the same verdict at the
 * same offset, and whatever is accepted is also valid JSON to the reference parser, with the same value.
 */
class JsonFuzzTest
{
    private static final long SEED = 0x7E3B10L;
    private static final String INTERESTING = "{}[]\":,\\ \t\n0123456789eE.+-tfnrul/";

    @Test
    void shouldRoundTripRandomValidDocumentsWithEveryWidth()
    {
        final SplittableRandom random = new SplittableRandom(SEED);
        final JsonParser[] parsers = parsers();
        final JsonWriter writer = new JsonWriter();
        try (ByteSink sink = new ByteSink(4096))
        {
            for (int i = 0; i < 3000; i++)
            {
                final StringBuilder text = new StringBuilder();
                RandomJson.value(random, text, 0);
                final byte[] input = text.toString().getBytes(StandardCharsets.UTF_8);
                final JsonNode expected = JsonValues.read(input);
                byte[] first = null;
                for (final JsonParser parser : parsers)
                {
                    assertEquals(JsonError.OK, parser.parse(input, 0, input.length), () -> "rejected valid: " + text);
                    final byte[] output = TestSupport.serialize(parser, writer, sink);
                    if (first == null)
                    {
                        first = output;
                        JsonValues.assertSameValue(expected, JsonValues.read(output), "$");
                    }
                    else
                    {
                        assertArrayEquals(first, output, () -> "widths disagree on " + text);
                    }
                }
            }
        }
        close(parsers);
    }

    @Test
    void shouldNeverCrashAndAgreeAcrossWidthsOnMutatedInput()
    {
        final SplittableRandom random = new SplittableRandom(SEED + 1);
        final List<byte[]> seeds = seeds(random);
        final JsonParser[] parsers = parsers();
        final JsonWriter writer = new JsonWriter();
        int accepted = 0;
        int rejected = 0;
        try (ByteSink sink = new ByteSink(4096))
        {
            for (int i = 0; i < 6000; i++)
            {
                final byte[] input = mutate(random, seeds.get(random.nextInt(seeds.size())));
                final int status = parsers[0].parse(input, 0, input.length);
                final long offset = parsers[0].errorOffset();
                final byte[] output = status == JsonError.OK ? TestSupport.serialize(parsers[0], writer, sink) : null;
                for (int p = 1; p < parsers.length; p++)
                {
                    final int other = parsers[p].parse(input, 0, input.length);
                    final String what = "width " + TestSupport.WIDTHS[p] + " on " + Arrays.toString(input);
                    assertEquals(status, other, what);
                    if (status == JsonError.OK)
                    {
                        assertArrayEquals(output, TestSupport.serialize(parsers[p], writer, sink), what);
                    }
                    else
                    {
                        assertEquals(offset, parsers[p].errorOffset(), what);
                    }
                }
                if (status == JsonError.OK)
                {
                    accepted++;
                    final JsonNode reference = JsonValues.readOrNull(input);
                    assertNotNull(reference, () -> "accepted what the reference rejects: "
                        + new String(input, StandardCharsets.UTF_8));
                    JsonValues.assertSameValue(reference, JsonValues.read(output), "$");
                }
                else
                {
                    rejected++;
                    assertTrue(offset >= 0 && offset <= input.length, "offset inside the input");
                }
            }
        }
        close(parsers);
        assertTrue(accepted > 100 && rejected > 100, "mutations should both keep and break documents: "
            + accepted + " accepted, " + rejected + " rejected");
    }

    private static JsonParser[] parsers()
    {
        final JsonParser[] parsers = new JsonParser[TestSupport.WIDTHS.length];
        for (int i = 0; i < parsers.length; i++)
        {
            parsers[i] = new JsonParser(64, TestSupport.WIDTHS[i]);
        }
        return parsers;
    }

    private static void close(final JsonParser[] parsers)
    {
        for (final JsonParser parser : parsers)
        {
            parser.close();
        }
    }

    private static List<byte[]> seeds(final SplittableRandom random)
    {
        final List<byte[]> seeds = new ArrayList<>();
        for (final Path file : TestSupport.list(TestSupport.testParsing(), "y_"))
        {
            seeds.add(TestSupport.read(file));
        }
        for (int i = 0; i < 200; i++)
        {
            final StringBuilder text = new StringBuilder();
            RandomJson.value(random, text, 0);
            seeds.add(text.toString().getBytes(StandardCharsets.UTF_8));
        }
        final byte[] twitter = TestSupport.read(TestSupport.corpora().resolve("twitter.json"));
        for (int i = 0; i < 50; i++)
        {
            final int start = random.nextInt(twitter.length - 4096);
            seeds.add(Arrays.copyOfRange(twitter, start, start + 64 + random.nextInt(4000)));
        }
        return seeds;
    }

    private static byte[] mutate(final SplittableRandom random, final byte[] seed)
    {
        byte[] data = seed.clone();
        final int mutations = 1 + random.nextInt(3);
        for (int m = 0; m < mutations && data.length > 0; m++)
        {
            final int at = random.nextInt(data.length);
            switch (random.nextInt(5))
            {
                case 0 -> data[at] = (byte)random.nextInt(256);
                case 1 -> data[at] = (byte)INTERESTING.charAt(random.nextInt(INTERESTING.length()));
                case 2 ->
                {
                    final byte[] shorter = new byte[data.length - 1];
                    System.arraycopy(data, 0, shorter, 0, at);
                    System.arraycopy(data, at + 1, shorter, at, data.length - at - 1);
                    data = shorter;
                }
                case 3 ->
                {
                    final byte[] longer = new byte[data.length + 1];
                    System.arraycopy(data, 0, longer, 0, at);
                    longer[at] = (byte)INTERESTING.charAt(random.nextInt(INTERESTING.length()));
                    System.arraycopy(data, at, longer, at + 1, data.length - at);
                    data = longer;
                }
                default ->
                {
                    // duplicate a chunk: data[at, end) appears twice
                    final int end = Math.min(data.length, at + 1 + random.nextInt(16));
                    final int chunk = end - at;
                    final byte[] longer = new byte[data.length + chunk];
                    System.arraycopy(data, 0, longer, 0, end);
                    System.arraycopy(data, at, longer, end, data.length - at);
                    data = longer;
                }
            }
        }
        return data;
    }
}
