package io.temblor.script.value;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.temblor.json.JsonError;
import io.temblor.json.JsonParser;
import io.temblor.offheap.ByteSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;

import static io.temblor.script.value.ValueDescriptor.STORE_ARENA;
import static io.temblor.script.value.ValueDescriptor.STORE_TAPE;
import static io.temblor.script.value.ValueDescriptor.TYPE_ARRAY;
import static io.temblor.script.value.ValueDescriptor.TYPE_RECORD;
import static io.temblor.script.value.ValueDescriptor.TYPE_STRING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ValueContextTest
{
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final JsonParser parser = new JsonParser();
    private final Arena arena = new Arena();
    private final Arena constants = new Arena();
    private final ValueContext ctx = new ValueContext(arena, constants, null);
    private final ValueWriter writer = new ValueWriter();
    private final ByteSink sink = new ByteSink();
    private final long[] s = new long[32];

    @AfterEach
    void close()
    {
        parser.close();
        arena.close();
        constants.close();
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

    private long str(final String value, final int at)
    {
        ctx.newString(value, s, at);
        return s[at];
    }

    @Test
    void shouldReadScalarsAsImmediatesWhenOnTape()
    {
        parse("[null,true,false,-5,18446744073709551615,2.5,\"x\",[],{}]");
        ctx.root(s, 0);
        assertEquals(TYPE_ARRAY, Values.type(s[0]));
        assertEquals(STORE_TAPE, Values.store(s[0]));
        assertEquals(9, ctx.length(s[0]));
        final long[] expectedHandles = {Values.NULL, Values.BOOL, Values.BOOL, Values.INT, Values.UINT, Values.FLOAT};
        final long[] expectedBits = {0, 1, 0, -5, -1L, Values.bits(2.5)};
        for (int i = 0; i < expectedHandles.length; i++)
        {
            assertTrue(ctx.element(s[0], i, s, 2));
            assertEquals(expectedHandles[i], s[2], "element " + i);
            assertEquals(expectedBits[i], s[3], "element " + i);
        }
        assertTrue(ctx.element(s[0], 6, s, 2));
        assertEquals(TYPE_STRING, Values.type(s[2]));
        assertTrue(ctx.stringEquals(s[2], "x"));
        assertTrue(ctx.element(s[0], 8, s, 2));
        assertEquals(TYPE_RECORD, Values.type(s[2]));
        assertFalse(ctx.element(s[0], 9, s, 2));
        assertFalse(ctx.element(s[0], -1, s, 2));
    }

    @Test
    void shouldFindKeysWhenGivenAsHandleBytesOrChars()
    {
        parse("{\"level\":\"WARN\",\"http\":{\"status\":503},\"é\":1}");
        ctx.root(s, 0);
        final long key = str("http", 2);
        assertTrue(ctx.get(s[0], key, s, 4));
        assertEquals(TYPE_RECORD, Values.type(s[4]));
        assertTrue(ctx.get(s[4], "status".getBytes(StandardCharsets.UTF_8), s, 6));
        assertEquals(503, s[7]);
        assertTrue(ctx.get(s[0], "é", s, 6));
        assertEquals(1, s[7]);
        assertFalse(ctx.get(s[0], "missing", s, 6));
        assertFalse(ctx.get(s[0], "htt", s, 6));
        final ValueSlot slot = new ValueSlot();
        assertTrue(ctx.get(s[0], key, slot));
        assertEquals(s[4], slot.handle());
    }

    @Test
    void shouldCopyOnlyTheRecordWhenPuttingIntoTapeRecord()
    {
        // given
        parse("{\"a\":1,\"b\":{\"c\":2},\"d\":\"text\"}");
        ctx.root(s, 0);
        final long tapeRoot = s[0];

        // when
        ctx.put(s[0], str("a", 2), Values.INT, 10, s, 0);
        ctx.put(s[0], str("e", 2), Values.BOOL, 1, s, 0);

        // then
        assertEquals(STORE_ARENA, Values.store(s[0]));
        assertEquals(4, ctx.length(s[0]));
        assertTrue(ctx.get(s[0], "b", s, 4));
        assertEquals(STORE_TAPE, Values.store(s[4]));
        assertTrue(ctx.get(s[0], "d", s, 4));
        assertEquals(STORE_TAPE, Values.store(s[4]));
        assertEquals("{\"a\":10,\"b\":{\"c\":2},\"d\":\"text\",\"e\":true}", write(s[0], s[1]));
        assertEquals("{\"a\":1,\"b\":{\"c\":2},\"d\":\"text\"}", write(tapeRoot, 0));
    }

    @Test
    void shouldGrowByCopyingWhenRecordIsFull()
    {
        ctx.newRecord(1, s, 0);
        final StringBuilder expected = new StringBuilder("{");
        for (int i = 0; i < 50; i++)
        {
            ctx.put(s[0], str("k" + i, 2), Values.INT, i, s, 0);
            expected.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":").append(i);
        }
        assertEquals(expected.append('}').toString(), write(s[0], s[1]));
        assertEquals(50, ctx.length(s[0]));
    }

    @Test
    void shouldCopySharedContainerWhenWritingThroughOneHolder()
    {
        // given: let event.a = {}; let event.b = event.a (one arena record held by two slots)
        parse("{\"x\":1}");
        ctx.root(s, 0);
        final long a = str("a", 2);
        final long b = str("b", 2);
        ctx.newRecord(2, s, 4);
        ctx.put(s[0], a, s[4], s[5], s, 0);
        assertEquals(1, ctx.owners(s[4]));
        ctx.put(s[0], b, s[4], s[5], s, 0);
        assertEquals(2, ctx.owners(s[4]));

        // when: let event.a.c = 1
        assertEquals(ValueContext.OK, ctx.setPath(s[0], new long[]{a, str("c", 2)}, 2, Values.INT, 1, s, 0));

        // then: event.b is unchanged, and each record now has one holder
        assertEquals("{\"x\":1,\"a\":{\"c\":1},\"b\":{}}", write(s[0], s[1]));
        assertEquals(1, ctx.owners(s[4]));
        assertTrue(ctx.get(s[0], a, s, 6));
        assertEquals(1, ctx.owners(s[6]));

        // a retained variable also makes a container shared: let v = event.a; let event.a.d = 2
        ctx.retain(s[6]);
        ctx.setPath(s[0], new long[]{a, str("d", 2)}, 2, Values.INT, 2, s, 0);
        assertEquals("{\"c\":1}", write(s[6], s[7]));
        ctx.release(s[6]);
        assertEquals(0, ctx.owners(s[6]));
        assertTrue(ctx.remove(s[0], a, s, 0));
        assertEquals("{\"x\":1,\"b\":{}}", write(s[0], s[1]));
    }

    @Test
    void shouldReturnWritableContainerWhenSharedOrForeign()
    {
        parse("{\"r\":{\"x\":1}}");
        ctx.root(s, 0);
        ctx.writable(s[0], s, 2);
        assertEquals(STORE_ARENA, Values.store(s[2]));
        assertEquals("{\"r\":{\"x\":1}}", write(s[2], s[3]));
        final long arenaRoot = s[2];
        ctx.writable(arenaRoot, s, 4);
        assertEquals(arenaRoot, s[4]);
        ctx.retain(arenaRoot);
        ctx.retain(arenaRoot);
        ctx.writable(arenaRoot, s, 4);
        assertNotEquals(arenaRoot, s[4]);
        assertEquals(0, ctx.owners(s[4]));
        assertTrue(ctx.equal(arenaRoot, 0, s[4], s[5]));
        assertThrows(IllegalArgumentException.class, () -> ctx.setPath(arenaRoot, new long[0], 0, Values.NULL, 0, s, 0));
        assertThrows(IllegalArgumentException.class, () -> ctx.writable(Values.INT, s, 0));
    }

    @Test
    void shouldKeepOrderWhenRemoving()
    {
        parse("{\"a\":1,\"b\":2,\"c\":3}");
        ctx.root(s, 0);
        final long tapeRoot = s[0];
        assertFalse(ctx.remove(s[0], str("x", 2), s, 0));
        assertEquals(tapeRoot, s[0]);
        assertTrue(ctx.remove(s[0], str("b", 2), s, 0));
        assertEquals("{\"a\":1,\"c\":3}", write(s[0], s[1]));
        assertTrue(ctx.remove(s[0], str("a", 2), s, 0));
        assertTrue(ctx.remove(s[0], str("c", 2), s, 0));
        assertEquals("{}", write(s[0], s[1]));
        assertEquals(0, ctx.length(s[0]));
    }

    @Test
    void shouldCopyTapeArrayWhenPushingOrSetting()
    {
        parse("{\"tags\":[\"a\",[1,2],{\"x\":1}]}");
        ctx.root(s, 0);
        assertTrue(ctx.get(s[0], "tags", s, 2));
        final long tapeArray = s[2];
        ctx.push(s[2], Values.INT, 7, s, 2);
        assertEquals(STORE_ARENA, Values.store(s[2]));
        assertTrue(ctx.setElement(s[2], 0, Values.NULL, 0, s, 2));
        assertFalse(ctx.setElement(s[2], 4, Values.NULL, 0, s, 2));
        for (int i = 0; i < 20; i++)
        {
            ctx.push(s[2], Values.INT, i, s, 2);
        }
        assertEquals(24, ctx.length(s[2]));
        assertTrue(ctx.element(s[2], 1, s, 4));
        assertEquals(STORE_TAPE, Values.store(s[4]));
        assertTrue(write(s[2], s[3]).startsWith("[null,[1,2],{\"x\":1},7,0,1,"));
        assertEquals("[\"a\",[1,2],{\"x\":1}]", write(tapeArray, 0));
        assertTrue(ctx.setElement(tapeArray, 2, Values.BOOL, 0, s, 6));
        assertEquals("[\"a\",[1,2],false]", write(s[6], s[7]));
    }

    @Test
    void shouldIterateUniformlyWhenContainerIsOnTapeOrInArena()
    {
        parse("{\"a\":1,\"b\":[true,\"s\"],\"c\":{}}");
        ctx.root(s, 0);
        final long tapeRoot = s[0];
        ctx.put(tapeRoot, str("d", 2), Values.INT, 4, s, 6);
        for (final long record : new long[]{tapeRoot, s[6]})
        {
            final StringBuilder keys = new StringBuilder();
            int n = 0;
            for (int p = ctx.first(record); p >= 0; p = ctx.next(record, p))
            {
                ctx.entryKey(record, p, s, 2);
                final byte[] b = new byte[ctx.stringLength(s[2])];
                ctx.stringBytes(s[2], b, 0);
                keys.append(new String(b, StandardCharsets.UTF_8));
                ctx.entryValue(record, p, s, 4);
                n++;
            }
            assertEquals(record == tapeRoot ? "abc" : "abcd", keys.toString());
            assertEquals(ctx.length(record), n);
        }
        ctx.newArray(2, s, 8);
        assertEquals(-1, ctx.first(s[8]));
        parse("[]");
        ctx.root(s, 8);
        assertEquals(-1, ctx.first(s[8]));
    }

    @Test
    void shouldFollowTremorEqualityWhenComparingAcrossStoresAndTypes()
    {
        // numbers: integers exactly, floats within f64::EPSILON, 1 == 1.0 as in tremor-script's val_eq
        assertTrue(ctx.equal(Values.INT, 1, Values.FLOAT, Values.bits(1.0)));
        assertTrue(ctx.equal(Values.FLOAT, Values.bits(1.0), Values.INT, 1));
        assertFalse(ctx.equal(Values.INT, 1, Values.FLOAT, Values.bits(1.1)));
        assertFalse(ctx.equal(Values.INT, 1, Values.INT, 2));
        assertTrue(ctx.equal(Values.UINT, -1L, Values.FLOAT, Values.bits(18446744073709551615.0)));
        assertFalse(ctx.equal(Values.UINT, -1L, Values.INT, -1L));
        assertTrue(ctx.equal(Values.UINT, 5, Values.INT, 5));
        assertFalse(ctx.equal(Values.FLOAT, Values.bits(Double.NaN), Values.FLOAT, Values.bits(Double.NaN)));
        assertTrue(ctx.equal(Values.NULL, 0, Values.NULL, 0));
        assertFalse(ctx.equal(Values.NULL, 0, Values.BOOL, 0));
        assertFalse(ctx.equal(Values.BOOL, 0, Values.INT, 0));
        assertFalse(ctx.equal(Values.BOOL, 1, Values.BOOL, 0));

        // strings and binaries by bytes
        final long a = str("abc", 0);
        ctx.newBinary("abc".getBytes(StandardCharsets.UTF_8), 0, 3, s, 2);
        assertTrue(ctx.equal(a, 0, s[2], 0));
        assertFalse(ctx.equal(a, 0, str("abd", 4), 0));
        assertFalse(ctx.equal(a, 0, Values.INT, 0));

        // records unordered, arrays ordered, across tape and arena
        parse("{\"a\":1,\"b\":[1,2.0,\"x\"],\"c\":{\"d\":null}}");
        ctx.root(s, 0);
        final long tapeRoot = s[0];
        ctx.newRecord(1, s, 2);
        ctx.newRecord(1, s, 4);
        ctx.put(s[4], str("d", 6), Values.NULL, 0, s, 4);
        ctx.put(s[2], str("c", 6), s[4], s[5], s, 2);
        ctx.newArray(1, s, 8);
        ctx.push(s[8], Values.FLOAT, Values.bits(1.0), s, 8);
        ctx.push(s[8], Values.INT, 2, s, 8);
        ctx.push(s[8], str("x", 6), 0, s, 8);
        ctx.put(s[2], str("b", 6), s[8], s[9], s, 2);
        ctx.put(s[2], str("a", 6), Values.FLOAT, Values.bits(1.0), s, 2);
        assertTrue(ctx.equal(tapeRoot, 0, s[2], s[3]));
        assertTrue(ctx.equal(s[2], s[3], tapeRoot, 0));

        ctx.copy(tapeRoot, 0, s, 10);
        assertTrue(ctx.equal(tapeRoot, 0, s[10], s[11]));
        ctx.setPath(s[10], new long[]{str("c", 6), str("d", 6)}, 2, Values.INT, 0, s, 10);
        assertFalse(ctx.equal(tapeRoot, 0, s[10], s[11]));
        ctx.remove(s[2], str("a", 6), s, 2);
        assertFalse(ctx.equal(tapeRoot, 0, s[2], s[3]));
        ctx.put(s[2], str("z", 6), Values.INT, 1, s, 2);
        assertFalse(ctx.equal(tapeRoot, 0, s[2], s[3]));
    }

    @Test
    void shouldHashAndCompareBytesAlikeWhenStringsLiveInDifferentStores()
    {
        parse("{\"k\":\"hello\"}");
        ctx.root(s, 0);
        assertTrue(ctx.get(s[0], "k", s, 2));
        final long tapeString = s[2];
        final long arenaString = str("hello", 4);
        ctx.newConstantString("hello", s, 6);
        final long constantString = s[6];
        assertEquals(ctx.hash(tapeString), ctx.hash(arenaString));
        assertEquals(ctx.hash(tapeString), ctx.hash(constantString));
        final byte[] hello = "hello".getBytes(StandardCharsets.UTF_8);
        assertEquals(ValueContext.hash(hello, 0, hello.length), ctx.hash(tapeString));
        assertNotEquals(ctx.hash(tapeString), ctx.hash(str("hellp", 8)));
        assertTrue(ctx.stringEquals(tapeString, constantString));
        assertTrue(ctx.stringEquals(tapeString, hello));
        assertEquals(0, ctx.compareStrings(tapeString, arenaString));
        assertTrue(ctx.compareStrings(tapeString, str("help", 8)) < 0);
        assertTrue(ctx.compareStrings(str("hell", 8), tapeString) < 0);
        assertTrue(ctx.compareStrings(str("\u00e9", 8), str("z", 10)) > 0);
        assertEquals('e', ctx.stringByte(tapeString, 1));
    }

    @Test
    void shouldBuildStringsWhenConcatenatingAndInterpolating()
    {
        parse("{\"app\":\"auth\",\"n\":[1,2.5]}");
        ctx.root(s, 0);
        assertTrue(ctx.get(s[0], "app", s, 2));
        ctx.concat(s[2], str("-svc", 4), s, 6);
        assertTrue(ctx.stringEquals(s[6], "auth-svc"));

        // given an outer build with an inner build nested between its appends
        final long outer = ctx.beginString();
        ctx.appendValue(s[2], 0).appendBytes(new byte[]{':'}, 0, 1);
        final long inner = ctx.beginString();
        ctx.appendLong(-12).appendDouble(0.5);
        ctx.endString(inner, s, 8);
        ctx.appendValue(s[8], s[9]).appendValue(Values.BOOL, 1);
        assertTrue(ctx.get(s[0], "n", s, 10));
        ctx.appendValue(s[10], s[11]).appendValue(Values.NULL, 0);

        // when
        ctx.endString(outer, s, 12);

        // then
        assertTrue(ctx.stringEquals(s[8], "-120.5"));
        assertTrue(ctx.stringEquals(s[12], "auth:-120.5true[1,2.5]null"));
    }

    @Test
    void shouldCreateNestedRecordsAndKeepSiblingsOnTapeWhenSettingPath() throws IOException
    {
        // given
        final String json = Files.readString(Path.of("..", "samples", "event.json"));
        parse(json);
        ctx.root(s, 0);
        final long[] keys = {str("http", 2), str("status", 2), str("meta", 2), str("seen", 2), str("level", 2)};

        // when: let event.http.status = 200; let event.http.meta.seen = true
        assertEquals(ValueContext.OK, ctx.setPath(s[0], keys, 2, Values.INT, 200, s, 0));
        assertEquals(ValueContext.OK, ctx.setPath(s[0], new long[]{keys[0], keys[2], keys[3]}, 3, Values.BOOL, 1, s, 0));

        // then
        assertEquals(STORE_ARENA, Values.store(s[0]));
        assertTrue(ctx.get(s[0], "http", s, 4));
        assertEquals(STORE_ARENA, Values.store(s[4]));
        for (final String sibling : new String[]{"tags", "message", "level"})
        {
            assertTrue(ctx.get(s[0], sibling, s, 6));
            assertEquals(STORE_TAPE, Values.store(s[6]), sibling);
        }
        assertTrue(ctx.get(s[4], "path", s, 6));
        assertEquals(STORE_TAPE, Values.store(s[6]));
        final ObjectNode expected = (ObjectNode)MAPPER.readTree(json);
        ((ObjectNode)expected.get("http")).put("status", 200);
        ((ObjectNode)expected.get("http")).putObject("meta").put("seen", true);
        assertEquals(normalize(expected), MAPPER.readTree(write(s[0], s[1])));

        // a key naming a non-record on the path is an error and changes nothing
        final String before = write(s[0], s[1]);
        assertEquals(ValueContext.NOT_A_RECORD, ctx.setPath(s[0], new long[]{keys[4], keys[1]}, 2, Values.INT, 1, s, 0));
        assertEquals(before, write(s[0], s[1]));
        assertEquals(ValueContext.NOT_A_RECORD, ctx.setPath(Values.INT, keys, 1, Values.INT, 1, s, 0));
    }

    @Test
    void shouldMatchReferenceModelWhenApplyingRandomOperations() throws IOException
    {
        final List<String> docs = new ArrayList<>(Files.readAllLines(Path.of("..", "samples", "logs.ndjson")));
        final Path shared = Path.of(System.getProperty("temblor.shared"), "data", "json");
        docs.add(Files.readString(shared.resolve("twitter.json")));
        docs.add(Files.readString(shared.resolve("citm_catalog.json")));
        final List<String> lines = Files.readAllLines(shared.resolve("amazon_cellphones.ndjson"));
        docs.addAll(lines.subList(0, Math.min(200, lines.size())));
        final Random random = new Random(42);
        int operations = 0;
        for (final String doc : docs)
        {
            if (doc.isBlank())
            {
                continue;
            }
            final JsonNode tree = MAPPER.readTree(doc);
            if (!tree.isObject())
            {
                continue;
            }
            final ObjectNode expected = (ObjectNode)tree;
            arena.reset();
            parse(doc);
            ctx.root(s, 0);
            for (int op = 0; op < 12; op++)
            {
                applyRandomOperation(random, expected);
                operations++;
            }
            assertEquals(normalize(expected), MAPPER.readTree(write(s[0], s[1])), doc.length() > 300 ? "doc" : doc);
            assertEquals(expected.size(), ctx.length(s[0]));
            ctx.copy(s[0], s[1], s, 20);
            assertTrue(ctx.equal(s[0], s[1], s[20], s[21]));
        }
        assertTrue(operations > 5000);
    }

    private void applyRandomOperation(final Random random, final ObjectNode expected)
    {
        final int kind = random.nextInt(5);
        switch (kind)
        {
            case 0, 1 ->
            {
                // let event.k1(.k2(.k3)) = value
                final int depth = 1 + random.nextInt(3);
                final long[] keys = new long[depth];
                final String[] names = new String[depth];
                JsonNode level = expected;
                for (int d = 0; d < depth; d++)
                {
                    names[d] = pickKey(random, level);
                    keys[d] = str(names[d], 16);
                    level = level == null ? null : level.get(names[d]);
                }
                final JsonNode value = randomValue(random, 18);
                final int status = ctx.setPath(s[0], keys, depth, s[18], s[19], s, 0);
                ObjectNode node = expected;
                boolean blocked = false;
                for (int d = 0; d < depth - 1; d++)
                {
                    final JsonNode child = node.get(names[d]);
                    if (child == null)
                    {
                        break;
                    }
                    if (!child.isObject())
                    {
                        blocked = true;
                        break;
                    }
                    node = (ObjectNode)child;
                }
                assertEquals(blocked ? ValueContext.NOT_A_RECORD : ValueContext.OK, status);
                if (!blocked)
                {
                    node = expected;
                    for (int d = 0; d < depth - 1; d++)
                    {
                        node = node.has(names[d]) ? (ObjectNode)node.get(names[d]) : node.putObject(names[d]);
                    }
                    node.set(names[depth - 1], value);
                }
            }
            case 2 ->
            {
                final String name = pickKey(random, expected);
                final boolean removed = ctx.remove(s[0], str(name, 16), s, 0);
                assertEquals(expected.has(name), removed);
                expected.remove(name);
            }
            case 3 ->
            {
                // push onto a top-level array, or concat onto a top-level string
                final Iterator<String> names = expected.fieldNames();
                while (names.hasNext())
                {
                    final String name = names.next();
                    final JsonNode field = expected.get(name);
                    if (field.isArray() || field.isTextual())
                    {
                        assertTrue(ctx.get(s[0], name, s, 16));
                        final long key = str(name, 14);
                        if (field.isArray())
                        {
                            final JsonNode value = randomValue(random, 18);
                            ctx.push(s[16], s[18], s[19], s, 16);
                            ((ArrayNode)field).add(value);
                        }
                        else
                        {
                            ctx.concat(s[16], str("-x", 18), s, 16);
                            expected.put(name, field.textValue() + "-x");
                        }
                        ctx.put(s[0], key, s[16], s[17], s, 0);
                        break;
                    }
                }
            }
            default ->
            {
                // copy a top-level value under a new key (shares tape values across records)
                final String from = pickKey(random, expected);
                if (ctx.get(s[0], from, s, 16))
                {
                    final String to = "copy" + random.nextInt(3);
                    ctx.put(s[0], str(to, 14), s[16], s[17], s, 0);
                    expected.set(to, expected.get(from).deepCopy());
                }
            }
        }
    }

    private static String pickKey(final Random random, final JsonNode level)
    {
        if (level != null && level.isObject() && level.size() > 0 && random.nextBoolean())
        {
            final Iterator<String> names = level.fieldNames();
            String name = names.next();
            for (int skip = random.nextInt(level.size()); skip > 0; skip--)
            {
                name = names.next();
            }
            return name;
        }
        return new String[]{"new", "k", "é\"\n", "http"}[random.nextInt(4)];
    }

    private JsonNode randomValue(final Random random, final int at)
    {
        switch (random.nextInt(6))
        {
            case 0:
                s[at] = Values.INT;
                s[at + 1] = random.nextLong();
                return NODES.numberNode(s[at + 1]);
            case 1:
                final double d = random.nextGaussian() * Math.pow(10, random.nextInt(40) - 20);
                s[at] = Values.FLOAT;
                s[at + 1] = Values.bits(d);
                return NODES.numberNode(d);
            case 2:
                final String text = "v" + random.nextInt(100) + (random.nextBoolean() ? "\t\u00fc\u4e2d" : "");
                str(text, at);
                s[at + 1] = 0;
                return NODES.textNode(text);
            case 3:
                s[at] = Values.BOOL;
                s[at + 1] = random.nextInt(2);
                return NODES.booleanNode(s[at + 1] == 1);
            case 4:
                ctx.newRecord(2, s, at);
                ctx.put(s[at], str("n", at + 2), Values.INT, 1, s, at);
                final ObjectNode record = NODES.objectNode();
                record.put("n", 1);
                return record;
            default:
                s[at] = Values.NULL;
                s[at + 1] = 0;
                return NODES.nullNode();
        }
    }

    private static JsonNode normalize(final JsonNode node) throws IOException
    {
        return MAPPER.readTree(MAPPER.writeValueAsString(node));
    }

    @Test
    void shouldAllocateNothingWhenProcessingEventsInSteadyState() throws IOException
    {
        // given
        final byte[] input = Files.readAllBytes(Path.of("..", "samples", "logs.ndjson"));
        final int[] starts = new int[1024];
        final int[] lengths = new int[1024];
        int lineCount = 0;
        int start = 0;
        for (int i = 0; i < input.length; i++)
        {
            if (input[i] == '\n')
            {
                if (i > start)
                {
                    starts[lineCount] = start;
                    lengths[lineCount++] = i - start;
                }
                start = i + 1;
            }
        }
        final int lines = lineCount;
        final long[] k = new long[16];
        final String[] names = {"processed", "count", "http", "meta", "seen", "app", "level", "ratio"};
        for (int i = 0; i < names.length; i++)
        {
            ctx.newConstantString(names[i], k, 2 * i);
        }
        final long[] path = {k[4], k[6], k[8]};
        final long[] suffix = new long[2];
        ctx.newConstantString("-svc", suffix, 0);
        final long[] r = new long[8];
        final EventLoop loop = (events, offset) ->
        {
            long bytes = 0;
            for (int e = 0; e < events; e++)
            {
                final int line = (offset + e) % lines;
                if (parser.parse(input, starts[line], lengths[line]) != JsonError.OK)
                {
                    throw new IllegalStateException("parse failed");
                }
                ctx.event(parser.tape());
                ctx.root(r, 0);
                ctx.put(r[0], k[0], Values.BOOL, 1, r, 0);
                ctx.put(r[0], k[2], Values.INT, e, r, 0);
                ctx.setPath(r[0], path, 3, Values.FLOAT, Values.bits(e * 0.5), r, 0);
                ctx.put(r[0], k[12], Values.FLOAT, Values.bits(1.5), r, 0);
                ctx.get(r[0], k[10], r, 2);
                ctx.concat(r[2], suffix[0], r, 2);
                ctx.put(r[0], k[10], r[2], r[3], r, 0);
                bytes += writer.write(ctx, r[0], r[1], sink);
                sink.reset();
                arena.reset();
            }
            return bytes;
        };
        final com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        // warm up until the JIT has compiled the loop (interpreted and C1 code allocate where C2's escape analysis does not)
        for (int round = 0; round < 20; round++)
        {
            final long roundStart = mx.getCurrentThreadAllocatedBytes();
            loop.run(50_000, round);
            if (round >= 2 && mx.getCurrentThreadAllocatedBytes() - roundStart == 0)
            {
                break;
            }
        }
        final int growths = arena.growthCount();
        final long capacity = arena.capacity();

        // when: the best of a few windows, so that a late background compilation or a deoptimisation under machine load
        // (C1 code of the Vector API kernels allocates) is not mistaken for allocation per event; anything allocated per
        // event shows up in every window as at least 100 000 bytes
        long allocated = Long.MAX_VALUE;
        long written = 0;
        for (int window = 0; window < 5 && allocated >= 1024; window++)
        {
            final long before = mx.getCurrentThreadAllocatedBytes();
            written = loop.run(100_000, 7 + window);
            allocated = Math.min(allocated, mx.getCurrentThreadAllocatedBytes() - before);
        }

        // then
        assertTrue(written > 100_000L * 200, "wrote " + written);
        assertTrue(allocated < 1024, "allocated " + allocated + " bytes over 100 000 events in the best window");
        assertEquals(growths, arena.growthCount());
        assertEquals(capacity, arena.capacity());
    }

    @Test
    void shouldNotGrowArenaWhenEventsRepeat() throws IOException
    {
        final List<String> lines = Files.readAllLines(Path.of("..", "samples", "logs.ndjson"));
        final long key = constantKey("tag");
        for (int round = 0; round < 3; round++)
        {
            for (final String line : lines)
            {
                parse(line);
                ctx.root(s, 0);
                assertTrue(ctx.get(s[0], "tags", s, 2));
                for (int i = 0; i < 10; i++)
                {
                    ctx.push(s[2], Values.INT, i, s, 2);
                }
                ctx.put(s[0], key, s[2], s[3], s, 0);
                arena.reset();
            }
            if (round == 0)
            {
                s[30] = arena.growthCount();
                s[31] = arena.capacity();
            }
        }
        assertEquals(s[30], arena.growthCount());
        assertEquals(s[31], arena.capacity());
        assertEquals(0, arena.position());
    }

    private long constantKey(final String name)
    {
        ctx.newConstantString(name, s, 28);
        return s[28];
    }

    @FunctionalInterface
    private interface EventLoop
    {
        long run(int events, int offset);
    }
}
