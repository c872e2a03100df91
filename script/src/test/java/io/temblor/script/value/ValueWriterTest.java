package io.temblor.script.value;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.temblor.json.JsonError;
import io.temblor.json.JsonParser;
import io.temblor.json.JsonWriter;
import io.temblor.offheap.ByteSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ValueWriterTest
{
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final JsonParser parser = new JsonParser();
    private final Arena arena = new Arena();
    private final ValueContext ctx = new ValueContext(arena);
    private final ValueWriter writer = new ValueWriter();
    private final ByteSink sink = new ByteSink();
    private final long[] s = new long[16];

    @AfterEach
    void close()
    {
        parser.close();
        arena.close();
        sink.close();
    }

    private void parse(final String json)
    {
        final byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        assertEquals(JsonError.OK, parser.parse(bytes, 0, bytes.length));
        ctx.event(parser.tape());
    }

    private String write(final long handle, final long bits)
    {
        sink.reset();
        writer.write(ctx, handle, bits, sink);
        return new String(sink.toByteArray(), StandardCharsets.UTF_8);
    }

    @Test
    void shouldWriteSameBytesAsJsonWriterWhenValueIsOnTape() throws IOException
    {
        final Path shared = Path.of(System.getProperty("temblor.shared"), "data", "json");
        for (final String name : new String[]{"twitter.json", "citm_catalog.json", "github_events.json", "canada.json"})
        {
            final byte[] bytes = Files.readAllBytes(shared.resolve(name));
            assertEquals(JsonError.OK, parser.parse(bytes, 0, bytes.length), name);
            ctx.event(parser.tape());
            ctx.root(s, 0);
            sink.reset();
            new JsonWriter().write(parser.tape(), sink);
            final byte[] expected = sink.toByteArray();
            sink.reset();
            writer.write(ctx, s[0], s[1], sink);
            assertArrayEquals(expected, sink.toByteArray(), name);
        }
    }

    @Test
    void shouldWriteConstantsAsFirstRenderedWhenWrittenAgainOrFromAnotherPool()
    {
        try (Arena scratch = new Arena(); Arena poolA = new Arena(); Arena poolB = new Arena())
        {
            final ValueContext a = new ValueContext(scratch, poolA, null);
            final ValueContext b = new ValueContext(scratch, poolB, null);
            // the same shape at the same offsets in both pools, different values
            final long constA = nestedConstant(a, "v\"1");
            final long constB = nestedConstant(b, "v2");
            assertEquals(constA, constB);
            final String first = "{\"k\":{\"n\":\"v\\\"1\"},\"m\":[1,null]}";
            assertEquals(first, write(a, constA));
            assertEquals(first, write(a, constA));
            a.newString("k", s, 12);
            assertTrue(a.get(constA, s[12], s, 14));
            assertEquals("{\"n\":\"v\\\"1\"}", write(a, s[14]));
            assertEquals("{\"k\":{\"n\":\"v2\"},\"m\":[1,null]}", write(b, constB));
            assertEquals(first, write(a, constA));
            // a constant inside an arena record
            a.newRecord(1, s, 0);
            a.newString("c", s, 2);
            a.append(s[0], s[2], constA, 0, s, 0);
            assertEquals("{\"c\":" + first + "}", write(a, s[0]));
        }
    }

    /** {"k": {"n": value}, "m": [1, null]} copied into the context's constant pool. */
    private long nestedConstant(final ValueContext c, final String value)
    {
        c.newRecord(1, s, 0);
        c.newString("n", s, 2);
        c.newString(value, s, 4);
        c.append(s[0], s[2], s[4], s[5], s, 0);
        c.newArray(2, s, 6);
        c.push(s[6], Values.INT, 1, s, 6);
        c.push(s[6], Values.NULL, 0, s, 6);
        c.newRecord(2, s, 8);
        c.newString("k", s, 10);
        c.append(s[8], s[10], s[0], s[1], s, 8);
        c.newString("m", s, 10);
        c.append(s[8], s[10], s[6], s[7], s, 8);
        c.copyTo(ValueDescriptor.STORE_CONSTANT, s[8], s[9], s, 10);
        return s[10];
    }

    private String write(final ValueContext c, final long handle)
    {
        sink.reset();
        writer.write(c, handle, 0, sink);
        return new String(sink.toByteArray(), StandardCharsets.UTF_8);
    }

    @Test
    void shouldWriteEveryScalarWhenImmediate()
    {
        assertEquals("null", write(Values.NULL, 0));
        assertEquals("true", write(Values.BOOL, 1));
        assertEquals("false", write(Values.BOOL, 0));
        assertEquals("-42", write(Values.INT, -42));
        assertEquals("18446744073709551615", write(Values.UINT, -1L));
        assertEquals("1.0", write(Values.FLOAT, Values.bits(1.0)));
        assertEquals("1.5e-7", write(Values.FLOAT, Values.bits(1.5e-7)));
    }

    @Test
    void shouldEscapeStringsWhenInArena()
    {
        ctx.newString("a\"b\\c\nd\u0001é", s, 0);
        assertEquals("\"a\\\"b\\\\c\\nd\\u0001é\"", write(s[0], s[1]));
    }

    @Test
    void shouldEscapeLikeJsonWriterWhenSpecialByteSitsAnywhereInWord()
    {
        // the 32-bytes-at-a-time scan (and the eight-bytes one below): every kind of byte at every position of strings
        // across word and vector boundaries
        final int[] kinds = {0x00, 0x01, 0x1F, 0x20, '"', '\\', 0x21, 0x5B, 0x5D, 0x7F, 0x80, 0xA2, 0xDC, 0xFF, 'a'};
        for (int length = 1; length <= 70; length++)
        {
            for (int at = 0; at < length; at++)
            {
                for (final int kind : kinds)
                {
                    final byte[] bytes = new byte[length];
                    java.util.Arrays.fill(bytes, (byte)'x');
                    bytes[at] = (byte)kind;
                    bytes[length - 1 - at] = (byte)(kind == 'a' ? '"' : bytes[length - 1 - at]);
                    sink.reset();
                    JsonWriter.writeString(bytes, 0, length, sink);
                    final byte[] expected = sink.toByteArray();
                    arena.reset();
                    ctx.newString(bytes, 0, length, s, 0);
                    sink.reset();
                    writer.write(ctx, s[0], s[1], sink);
                    assertArrayEquals(expected, sink.toByteArray(), "length " + length + ", byte " + kind + " at " + at);
                }
            }
        }
    }

    @Test
    void shouldCopyLikeVectorScanWhenScalarScanCopies()
    {
        // the SWAR scan used when the configured SIMD width is scalar: same bytes as the vector scan for every length,
        // every kind of byte at every position (the string sits at the arena's end, so loads run into its slack)
        final int[] kinds = {0x00, 0x1F, 0x20, '"', '\\', 0x7F, 0x80, 0xFF};
        try (Arena out = new Arena(1 << 12))
        {
            final long a = out.address();
            for (int length = 0; length <= 70; length++)
            {
                for (int at = 0; at < Math.max(1, length); at++)
                {
                    for (final int kind : kinds)
                    {
                        final byte[] bytes = new byte[length];
                        java.util.Arrays.fill(bytes, (byte)'y');
                        if (length > 0)
                        {
                            bytes[at] = (byte)kind;
                        }
                        arena.reset();
                        ctx.newString(bytes, 0, length, s, 0);
                        final long src = ctx.blockAddress(s[0]) + ValueDescriptor.STRING_DATA_OFFSET;
                        final long vectorEnd = ValueWriter.copyVector(src, length, a);
                        final byte[] vector = new byte[(int)(vectorEnd - a)];
                        io.temblor.offheap.Memory.copy(null, a, vector, io.temblor.offheap.Memory.BYTE_ARRAY_OFFSET,
                            vector.length);
                        final long swarEnd = ValueWriter.copySwar(src, length, a + 2048);
                        final byte[] swar = new byte[(int)(swarEnd - a - 2048)];
                        io.temblor.offheap.Memory.copy(null, a + 2048, swar, io.temblor.offheap.Memory.BYTE_ARRAY_OFFSET,
                            swar.length);
                        assertArrayEquals(vector, swar, "length " + length + ", byte " + kind + " at " + at);
                    }
                }
            }
        }
    }

    @Test
    void shouldGrowSinkWhenValueOutgrowsIt()
    {
        try (ByteSink small = new ByteSink(16))
        {
            ctx.newString("a long string with \"quotes\" that does not fit in sixteen bytes", s, 0);
            writer.write(ctx, s[0], s[1], small);
            writer.write(ctx, Values.INT, 12345, small);
            assertEquals("\"a long string with \\\"quotes\\\" that does not fit in sixteen bytes\"12345",
                new String(small.toByteArray(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void shouldWriteBinaryAsByteArrayWhenBinary()
    {
        ctx.newBinary(new byte[]{0, 1, (byte)255}, 0, 3, s, 0);
        assertEquals("[0,1,255]", write(s[0], s[1]));
    }

    @Test
    void shouldWriteBinaryAsPaddedBase64StringsWhenAskedTo()
    {
        final ValueWriter base64 = new ValueWriter(true);
        final String[] expected = {"\"\"", "\"/w==\"", "\"/wA=\"", "\"/wAB\"", "\"/wABAg==\"",
            "\"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4vMDEyMzQ1Njc4OTo7PD0+P0A=\""};
        final int[] lengths = {0, 1, 2, 3, 4, 65};
        for (int i = 0; i < lengths.length; i++)
        {
            final byte[] bytes = new byte[lengths[i]];
            for (int b = 0; b < bytes.length; b++)
            {
                bytes[b] = (byte)(lengths[i] < 5 ? (b == 0 ? 0xff : b - 1) : b);
            }
            ctx.newBinary(bytes, 0, bytes.length, s, 0);
            try (ByteSink out = new ByteSink(16))
            {
                base64.write(ctx, s[0], s[1], out);
                assertEquals(expected[i], new String(out.toByteArray(), StandardCharsets.UTF_8));
                assertEquals(java.util.Base64.getEncoder().encodeToString(bytes),
                    expected[i].substring(1, expected[i].length() - 1));
            }
        }
        // nested in a record too
        ctx.newBinary(new byte[] {1, 2, 3}, 0, 3, s, 2);
        ctx.newRecord(1, s, 0);
        ctx.newString("b", s, 4);
        ctx.put(s[0], s[4], s[2], s[3], s, 0);
        try (ByteSink out = new ByteSink(16))
        {
            base64.write(ctx, s[0], s[1], out);
            assertEquals("{\"b\":\"AQID\"}", new String(out.toByteArray(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void shouldWriteMixedStoresWhenArenaRecordHoldsTapeValues() throws IOException
    {
        // given
        parse("{\"a\":[1,{\"x\":\"y\"}],\"b\":\"s\",\"c\":{\"d\":null}}");
        ctx.root(s, 0);
        ctx.newString("new", s, 2);
        ctx.newArray(1, s, 4);
        ctx.push(s[4], Values.FLOAT, Values.bits(2.5), s, 4);
        ctx.push(s[4], s[0], s[1], s, 4);
        ctx.push(s[4], Values.UINT, -1L, s, 4);

        // when
        ctx.put(s[0], s[2], s[4], s[5], s, 0);

        // then
        final JsonNode actual = MAPPER.readTree(write(s[0], s[1]));
        final JsonNode expected = MAPPER.readTree("{\"a\":[1,{\"x\":\"y\"}],\"b\":\"s\",\"c\":{\"d\":null},\"new\":[2.5," +
            "{\"a\":[1,{\"x\":\"y\"}],\"b\":\"s\",\"c\":{\"d\":null}},18446744073709551615]}");
        assertEquals(expected, actual);
    }

    @Test
    void shouldWriteEmptyContainersWhenInArena()
    {
        ctx.newRecord(1, s, 0);
        ctx.newArray(1, s, 2);
        assertEquals("{}", write(s[0], s[1]));
        assertEquals("[]", write(s[2], s[3]));
    }

    private static final String[] NUMBERS = {"0", "-0", "-1", "42", "1.5", "-0.5", "70.69", "1.0", "1.50", "1e5",
        "1E5", "-0.0", "0.0001", "0.00001", "123456789012345678901", "18446744073709551615", "9223372036854775807",
        "1234567890123456789", "0.30000000000000004", "100.0"};
    private static final String[] STRINGS = {"", "a", "x y", "\\n", "a\\\"b", "\\u00e9", "\\/", "é", "\u2028", "\u007f",
        "slow query: SELECT * FROM items", "\\\\"};

    private static void randomValue(final SplittableRandom random, final StringBuilder out, final int depth,
        final boolean spaces)
    {
        final int kind = depth > 4 ? 2 + random.nextInt(3) : random.nextInt(6);
        switch (kind)
        {
            case 0, 5 ->
            {
                out.append('{');
                final int n = random.nextInt(5);
                for (int i = 0; i < n; i++)
                {
                    out.append(i > 0 ? "," : "").append(gap(random, spaces)).append('"')
                        .append(STRINGS[random.nextInt(STRINGS.length)]).append(i).append('"').append(gap(random, spaces))
                        .append(':').append(gap(random, spaces));
                    randomValue(random, out, depth + 1, spaces);
                    out.append(gap(random, spaces));
                }
                out.append('}');
            }
            case 1 ->
            {
                out.append('[');
                final int n = random.nextInt(5);
                for (int i = 0; i < n; i++)
                {
                    out.append(i > 0 ? "," : "").append(gap(random, spaces));
                    randomValue(random, out, depth + 1, spaces);
                    out.append(gap(random, spaces));
                }
                out.append(']');
            }
            case 2 -> out.append('"').append(STRINGS[random.nextInt(STRINGS.length)]).append('"');
            case 3 -> out.append(NUMBERS[random.nextInt(NUMBERS.length)]);
            default -> out.append(random.nextBoolean() ? "true" : random.nextBoolean() ? "false" : "null");
        }
    }

    private static String gap(final SplittableRandom random, final boolean spaces)
    {
        return spaces && random.nextInt(8) == 0 ? " \t\n\r".substring(random.nextInt(4), 4) : "";
    }

    private byte[] writeRoot(final boolean passthrough)
    {
        writer.passthrough = passthrough;
        ctx.root(s, 0);
        sink.reset();
        writer.write(ctx, s[0], s[1], sink);
        writer.passthrough = true;
        return sink.toByteArray();
    }

    @Test
    void shouldWriteSameBytesWithAndWithoutPassthroughWhenDocumentsAreRandom()
    {
        // given: random documents, compact and with whitespace, escapes and numbers that do not print back as read
        final SplittableRandom random = new SplittableRandom(11);
        int copied = 0;
        for (int n = 0; n < 20_000; n++)
        {
            final StringBuilder out = new StringBuilder();
            randomValue(random, out, 0, random.nextInt(3) == 0);
            final String json = out.toString();
            final byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
            if (parser.parse(bytes, 0, bytes.length) != JsonError.OK)
            {
                continue;
            }
            ctx.event(parser.tape());
            // when
            final byte[] walked = writeRoot(false);
            final byte[] passed = writeRoot(true);
            sink.reset();
            new JsonWriter().write(parser.tape(), sink);
            // then
            assertArrayEquals(walked, passed, json);
            assertArrayEquals(sink.toByteArray(), passed, json);
            copied += parser.tape().canonical() ? 1 : 0;
        }
        assertTrue(copied > 2000, "copied " + copied);
    }

    private byte[] writeValue(final long handle, final long bits, final boolean passthrough)
    {
        writer.passthrough = passthrough;
        sink.reset();
        writer.write(ctx, handle, bits, sink);
        writer.passthrough = true;
        return sink.toByteArray();
    }

    @Test
    void shouldWriteSameBytesWithAndWithoutInputRunsWhenTapeRecordsAreChanged()
    {
        // given: random records copied from the tape, then changed the ways scripts change them (erase, update with the
        // same or another value, insert, re-insert at the end, change a nested record)
        final SplittableRandom random = new SplittableRandom(5);
        final long before = writer.inputCopies;
        int canonical = 0;
        for (int n = 0; n < 20_000; n++)
        {
            final StringBuilder out = new StringBuilder("{");
            final int members = random.nextInt(8);
            for (int i = 0; i < members; i++)
            {
                out.append(i > 0 ? "," : "").append(gap(random, n % 4 == 0)).append("\"k").append(i).append("\":");
                randomValue(random, out, 1, n % 4 == 0);
            }
            final byte[] bytes = out.append('}').toString().getBytes(StandardCharsets.UTF_8);
            if (parser.parse(bytes, 0, bytes.length) != JsonError.OK)
            {
                continue;
            }
            arena.reset();
            ctx.event(parser.tape());
            canonical += parser.tape().canonical() ? 1 : 0;
            ctx.root(s, 0);
            ctx.exclusive(s[0], s, 0);
            final StringBuilder edits = new StringBuilder();
            for (int k = random.nextInt(5); k > 0; k--)
            {
                final int length = ctx.length(s[0]);
                final int edit = random.nextInt(6);
                edits.append(edit);
                if (edit == 0)
                {
                    ctx.newString("new" + k, s, 2);
                    ctx.put(s[0], s[2], Values.INT, k, s, 0);
                    continue;
                }
                if (length == 0)
                {
                    continue;
                }
                final int pos = random.nextInt(length);
                ctx.entryKey(s[0], pos, s, 2);
                ctx.entryValue(s[0], pos, s, 4);
                switch (edit)
                {
                    case 1 -> ctx.removeAt(s[0], pos, s, 0);
                    case 2 -> ctx.put(s[0], s[2], s[4], s[5], s, 0);
                    case 3 -> ctx.put(s[0], s[2], Values.INT, 7, s, 0);
                    case 4 ->
                    {
                        ctx.removeAt(s[0], pos, s, 0);
                        ctx.put(s[0], s[2], s[4], s[5], s, 0);
                    }
                    default ->
                    {
                        if (Values.type(s[4]) == ValueDescriptor.TYPE_RECORD)
                        {
                            ctx.exclusive(s[4], s, 4);
                            ctx.newString("inner", s, 6);
                            ctx.put(s[4], s[6], Values.INT, 1, s, 4);
                            ctx.put(s[0], s[2], s[4], s[5], s, 0);
                        }
                    }
                }
            }
            // when
            final byte[] walked = writeValue(s[0], s[1], false);
            final byte[] copied = writeValue(s[0], s[1], true);
            // then
            assertArrayEquals(walked, copied, new String(bytes, StandardCharsets.UTF_8) + " edits " + edits);
        }
        assertTrue(canonical > 5_000, "canonical " + canonical);
        // about half the documents are canonical; records emptied by the edits copy nothing
        assertTrue(writer.inputCopies - before > 1_000, "input copies " + (writer.inputCopies - before));
    }
}
