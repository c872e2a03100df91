package io.temblor.json;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static io.temblor.json.TapeDescriptor.word;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonParserTest
{
    static final Path SHARED = Path.of(System.getProperty("temblor.shared", "../../shared"));
    static final Path DATA = SHARED.resolve("data/json");

    private final JsonParser parser = new JsonParser();

    static byte[] utf8(final String s)
    {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static long[] words(final Tape tape)
    {
        final long[] words = new long[tape.length()];
        for (int i = 0; i < words.length; i++)
        {
            words[i] = tape.word(i);
        }
        return words;
    }

    private int parse(final String json)
    {
        final byte[] bytes = utf8(json);
        return parser.parse(bytes, 0, bytes.length);
    }

    private static long container(final char tag, final int count, final int after)
    {
        return word((byte)tag, ((long)count << TapeDescriptor.COUNT_SHIFT) | after);
    }

    private static long tagged(final char tag, final long payload)
    {
        return word((byte)tag, payload);
    }

    @Test
    void shouldWriteTapeWordByWordWhenSmallObject()
    {
        // given
        final String json = " {\"a\":1,\"b\":[true,null,false],\"c\":\"x\\n\",\"d\":{},\"e\":-2.5} ";

        // when
        final int status = parse(json);

        // then
        assertEquals(JsonError.OK, status);
        final long[] expected = {
            tagged('r', 20),
            container('{', 5, 20),
            tagged('"', 0),                       // "a" at string offset 0: 4 + 1 bytes
            tagged('l', 0), 1L,
            tagged('"', 5),                       // "b"
            container('[', 3, 11),
            tagged('t', 0),
            tagged('n', 0),
            tagged('f', 0),
            tagged(']', 6),
            tagged('"', 10),                      // "c"
            tagged('"', 15),                      // "x\n" (2 bytes)
            tagged('"', 21),                      // "d"
            container('{', 0, 16),
            tagged('}', 14),
            tagged('"', 26),                      // "e"
            tagged('d', 0), Double.doubleToRawLongBits(-2.5),
            tagged('}', 1),
            tagged('r', 0),
        };
        assertArrayEquals(expected, words(parser.tape()));
        final Tape tape = parser.tape();
        assertEquals(2, tape.stringLength(12));
        assertEquals('x', tape.strings().get(java.lang.foreign.ValueLayout.JAVA_BYTE, tape.stringOffset(12)));
        assertEquals('\n', tape.strings().get(java.lang.foreign.ValueLayout.JAVA_BYTE, tape.stringOffset(12) + 1));
    }

    @Test
    void shouldWriteRootWordsAroundScalarWhenDocumentIsScalar()
    {
        assertEquals(JsonError.OK, parse(" 42 "));
        assertArrayEquals(new long[]{tagged('r', 3), tagged('l', 0), 42L, tagged('r', 0)}, words(parser.tape()));

        assertEquals(JsonError.OK, parse("\"hi\""));
        assertArrayEquals(new long[]{tagged('r', 2), tagged('"', 0), tagged('r', 0)}, words(parser.tape()));

        assertEquals(JsonError.OK, parse("null"));
        assertArrayEquals(new long[]{tagged('r', 2), tagged('n', 0), tagged('r', 0)}, words(parser.tape()));

        assertEquals(JsonError.OK, parse("18446744073709551615"));
        assertArrayEquals(new long[]{tagged('r', 3), tagged('u', 0), -1L, tagged('r', 0)}, words(parser.tape()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"-65.613616999999977", "0.5", "-0.5", "-0.0", "7e3", "-7E-3", "1.5e+300", "123456789012345678.25",
        "999999999999999999e-5", "1234567890123456789.5", "12345678901234567890.5", "0e0", "9.", "01.5", "-.5", "1.e5",
        "2.5x", "3e", "-", "1.5e400", "0.12345678", "0.1234567812345678", "0.12345678123456789", "-1.123456781234567812345e-3",
        "5.00000000000000000000000000000000000000000000000000000000000000000001"})
    void shouldParseNumbersAsAReferenceDoesWhenTheBuilderHandsOverAfterTheIntegerDigits(final String number)
    {
        // given: the number alone, and inside an array (where it is followed by a structural character)
        Double expected;
        try
        {
            expected = number.matches("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][-+]?[0-9]+)?") ? Double.valueOf(number) : null;
        }
        catch (final NumberFormatException ex)
        {
            expected = null;
        }
        if (expected != null && expected.isInfinite())
        {
            expected = null;
        }
        for (final String json : new String[]{number, "[" + number + "]", "[" + number + ",1]", "[" + number + "                ]"})
        {
            // when
            final int error = parse(json);

            // then
            if (expected == null)
            {
                assertEquals(JsonError.NUMBER_ERROR, error, json);
            }
            else
            {
                assertEquals(JsonError.OK, error, json);
                final int index = json.charAt(0) == '[' ? 2 : 1;
                assertEquals(TapeDescriptor.TAG_DOUBLE, parser.tape().tag(index), json);
                assertEquals(Double.doubleToRawLongBits(expected), parser.tape().numberBits(index), json);
            }
        }
    }

    @Test
    void shouldWriteNestedArraysWithEndIndexesWhenArraysNest()
    {
        assertEquals(JsonError.OK, parse("[[],[[1]]]"));
        final long[] expected = {
            tagged('r', 11),
            container('[', 2, 11),
            container('[', 0, 4),
            tagged(']', 2),
            container('[', 1, 10),
            container('[', 1, 9),
            tagged('l', 0), 1L,
            tagged(']', 5),
            tagged(']', 4),
            tagged(']', 1),
            tagged('r', 0),
        };
        assertArrayEquals(expected, words(parser.tape()));
    }

    @Test
    void shouldUnescapeStringsWhenEscapesAndSurrogatePairs()
    {
        assertEquals(JsonError.OK, parse("[\"\\\"\\\\\\/\\b\\f\\n\\r\\t\", \"\\u00e9\\u20AC\\ud83d\\ude00\\u0000\", \"é€😀\"]"));
        final Tape tape = parser.tape();
        assertEquals("\"\\/\b\f\n\r\t", string(tape, 2));
        assertEquals("é€😀\u0000", string(tape, 3));
        assertEquals("é€😀", string(tape, 4));
    }

    static String string(final Tape tape, final int index)
    {
        final byte[] bytes = new byte[tape.stringLength(index)];
        MemorySegment.copy(tape.strings(), java.lang.foreign.ValueLayout.JAVA_BYTE, tape.stringOffset(index), bytes, 0,
            bytes.length);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private void assertError(final String json, final int code, final long offset)
    {
        assertEquals(code, parse(json), () -> json + " -> " + JsonError.message(parser.errorCode()));
        assertEquals(code, parser.errorCode());
        assertEquals(offset, parser.errorOffset(), json);
        assertEquals(0, parser.tape().length());
    }

    @Test
    void shouldReportEveryErrorCodeWithOffsetWhenInputInvalid()
    {
        assertError("", JsonError.EMPTY, 0);
        assertError("  \n ", JsonError.EMPTY, 4);
        assertError("{\"a\" 1}", JsonError.TAPE_ERROR, 5);
        assertError("[1,]", JsonError.TAPE_ERROR, 3);
        assertError("[1 2]", JsonError.TAPE_ERROR, 3);
        assertError("{\"a\":1,}", JsonError.TAPE_ERROR, 7);
        assertError("{1:2}", JsonError.TAPE_ERROR, 1);
        assertError("[}", JsonError.TAPE_ERROR, 1);
        assertError("{\"a\":1]", JsonError.TAPE_ERROR, 6);
        assertError(":", JsonError.TAPE_ERROR, 0);
        assertError("[\"a\" \"b\"]", JsonError.TAPE_ERROR, 5);
        assertError("[\"\\x\"]", JsonError.STRING_ERROR, 1);
        assertError("[\"\\ud800\"]", JsonError.STRING_ERROR, 1);
        assertError("[\"\\udc00\\ud800\"]", JsonError.STRING_ERROR, 1);
        assertError("[\"\\ud800\\u0041\"]", JsonError.STRING_ERROR, 1);
        assertError("[\"\\u12G4\"]", JsonError.STRING_ERROR, 1);
        assertError("[1, \"a\tb\"]", JsonError.STRING_ERROR, 4);
        assertError("[\"abc", JsonError.UNCLOSED_STRING, 1);
        assertError("[01]", JsonError.NUMBER_ERROR, 1);
        assertError("[1.]", JsonError.NUMBER_ERROR, 1);
        assertError("{\"a\":-}", JsonError.NUMBER_ERROR, 5);
        assertError("1e999", JsonError.NUMBER_ERROR, 0);
        assertError("[truE]", JsonError.T_ATOM_ERROR, 1);
        assertError("[truex]", JsonError.T_ATOM_ERROR, 1);
        assertError("tru", JsonError.T_ATOM_ERROR, 0);
        assertError("{\"a\":fals}", JsonError.F_ATOM_ERROR, 5);
        assertError("[nul]", JsonError.N_ATOM_ERROR, 1);
        assertError("{} x", JsonError.TRAILING_CONTENT, 3);
        assertError("[1] [2]", JsonError.TRAILING_CONTENT, 4);
        assertError("1 2", JsonError.TRAILING_CONTENT, 2);
        assertError("[1,2", JsonError.UNEXPECTED_END, 4);
        assertError("{\"a\":", JsonError.UNEXPECTED_END, 5);
        assertError("{\"a\"", JsonError.UNEXPECTED_END, 4);
        assertError("{", JsonError.UNEXPECTED_END, 1);
        assertError("[", JsonError.UNEXPECTED_END, 1);
        assertError("[1,", JsonError.UNEXPECTED_END, 3);
        assertError("{\"a\":1,", JsonError.UNEXPECTED_END, 7);
        assertError("[[1]", JsonError.UNEXPECTED_END, 4);
        // a member near the end: key, colon and value checked in order
        assertError("{\"a\":1,\"b\"", JsonError.UNEXPECTED_END, 10);
        assertError("{\"a\":1,\"b\":", JsonError.UNEXPECTED_END, 11);
        assertError("{\"a\":1,\"b\" 2", JsonError.TAPE_ERROR, 11);
        assertError("{\"a\":1,3", JsonError.TAPE_ERROR, 7);
        assertError("{\"a\":1,3 4 5}", JsonError.TAPE_ERROR, 7);
        assertError("[[]", JsonError.UNEXPECTED_END, 3);
        assertError("[{},{}", JsonError.UNEXPECTED_END, 6);
    }

    @Test
    void shouldReportUtf8ErrorWhenInputIsNotUtf8()
    {
        final byte[] bytes = {'[', '"', 'a', (byte)0xC3, '"', ']'};
        assertEquals(JsonError.UTF8_ERROR, parser.parse(bytes, 0, bytes.length));
        assertEquals(3, parser.errorOffset());
    }

    @Test
    void shouldReportCapacityWhenInputOver2GiB()
    {
        final MemorySegment huge = MemorySegment.NULL.reinterpret(Long.MAX_VALUE);
        assertEquals(JsonError.CAPACITY, parser.parse(huge, 0, 3L << 30));
        assertEquals(JsonError.CAPACITY, parser.errorCode());
    }

    @Test
    void shouldReportDepthErrorWhenNestingExceedsLimit()
    {
        try (JsonParser shallow = new JsonParser(3))
        {
            final byte[] ok = utf8("[{\"a\":[1]}]");
            assertEquals(JsonError.OK, shallow.parse(ok, 0, ok.length));
            final byte[] deep = utf8("[{\"a\":[[1]]}]");
            assertEquals(JsonError.DEPTH_ERROR, shallow.parse(deep, 0, deep.length));
            assertEquals(7, shallow.errorOffset());
            final byte[] deepObject = utf8("[[[{}]]]");
            assertEquals(JsonError.DEPTH_ERROR, shallow.parse(deepObject, 0, deepObject.length));
            assertEquals(3, shallow.errorOffset());
        }
        final String deepest = "[".repeat(JsonParser.DEFAULT_MAX_DEPTH) + "]".repeat(JsonParser.DEFAULT_MAX_DEPTH);
        assertEquals(JsonError.OK, parse(deepest));
        assertEquals(2 * JsonParser.DEFAULT_MAX_DEPTH + 2, parser.tape().length());
        assertError("[" + deepest + "]", JsonError.DEPTH_ERROR, JsonParser.DEFAULT_MAX_DEPTH);
    }

    @Test
    void shouldParseAgainWhenPreviousParseFailed()
    {
        assertEquals(JsonError.TAPE_ERROR, parse("{\"a\":[1,2,}"));
        assertEquals(JsonError.OK, parse("{\"a\":[1,2]}"));
        assertEquals(11, parser.tape().length());
        assertEquals(JsonError.STRING_ERROR, parse("[\"\\q\"]"));
        assertEquals(JsonError.OK, parse("[\"q\"]"));
        assertEquals("q", string(parser.tape(), 2));
        assertEquals(JsonError.OK, parser.errorCode());
    }

    @Test
    void shouldParseSliceWhenOffsetAndLengthGiven()
    {
        final byte[] bytes = utf8("xx[1, \"ab\"]yy");
        assertEquals(JsonError.OK, parser.parse(bytes, 2, 9));
        assertEquals(JsonError.TRAILING_CONTENT, parser.parse(bytes, 2, 10));
        assertEquals(9, parser.errorOffset());
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment native1 = arena.allocate(bytes.length);
            MemorySegment.copy(bytes, 0, native1, java.lang.foreign.ValueLayout.JAVA_BYTE, 0, bytes.length);
            assertEquals(JsonError.OK, parser.parse(native1, 2, 9));
            assertEquals("ab", string(parser.tape(), 4));
        }
    }

    @Test
    void shouldSaturateCountWhenContainerHasOver2to24Entries()
    {
        final int n = TapeDescriptor.COUNT_MASK + 5;
        final byte[] bytes = new byte[2 * n + 1];
        bytes[0] = '[';
        for (int i = 0; i < n; i++)
        {
            bytes[1 + 2 * i] = '0';
            bytes[2 + 2 * i] = (byte)(i == n - 1 ? ']' : ',');
        }
        assertEquals(JsonError.OK, parser.parse(bytes, 0, bytes.length));
        final long start = parser.tape().word(1);
        assertEquals(TapeDescriptor.COUNT_MASK, (int)(start >>> TapeDescriptor.COUNT_SHIFT) & TapeDescriptor.COUNT_MASK);
        assertEquals(n, new JsonCursor().wrap(parser.tape()).size());
    }

    @Test
    void shouldIterateDocumentsWhenNdjson()
    {
        // given
        final byte[] bytes = utf8("{\"a\":1}\n[2]\n\n  \"three\"\r\n4\n");

        // when / then
        assertEquals(JsonError.OK, parser.startDocuments(bytes, 0, bytes.length));
        assertEquals(JsonError.OK, parser.nextDocument());
        assertEquals(JsonType.OBJECT, new JsonCursor().wrap(parser.tape()).type());
        assertEquals(JsonError.OK, parser.nextDocument());
        assertEquals(JsonType.ARRAY, new JsonCursor().wrap(parser.tape()).type());
        assertEquals(JsonError.OK, parser.nextDocument());
        assertEquals("three", string(parser.tape(), 1));
        assertEquals(JsonError.OK, parser.nextDocument());
        assertEquals(4L, parser.tape().numberBits(1));
        assertEquals(JsonParser.END_OF_DOCUMENTS, parser.nextDocument());
        assertEquals(JsonParser.END_OF_DOCUMENTS, parser.nextDocument());
    }

    @Test
    void shouldEndEachDocumentAtItsRootWhenNdjsonRootsAreEmptyContainersOrScalars()
    {
        final byte[] bytes = utf8("[]\n{}\n7\n[[],{}]\n\"s\"\n{}");
        assertEquals(JsonError.OK, parser.startDocuments(bytes, 0, bytes.length));
        final long[] lengths = new long[6];
        for (int i = 0; i < lengths.length; i++)
        {
            assertEquals(JsonError.OK, parser.nextDocument(), "document " + i);
            lengths[i] = parser.tape().length();
        }
        assertEquals(JsonParser.END_OF_DOCUMENTS, parser.nextDocument());
        // root + start + end + root; root + two words of the number + root; the nested pair adds four words
        assertArrayEquals(new long[]{4, 4, 4, 8, 3, 4}, lengths);
    }

    @Test
    void shouldReportErrorAndEndStreamWhenNdjsonDocumentInvalid()
    {
        final byte[] bytes = utf8("[1]\n{\"a\":tru}\n[3]\n");
        assertEquals(JsonError.OK, parser.startDocuments(bytes, 0, bytes.length));
        assertEquals(JsonError.OK, parser.nextDocument());
        assertEquals(JsonError.T_ATOM_ERROR, parser.nextDocument());
        assertEquals(9, parser.errorOffset());
        assertEquals(JsonParser.END_OF_DOCUMENTS, parser.nextDocument());

        final byte[] empty = utf8(" \n ");
        assertEquals(JsonError.OK, parser.startDocuments(empty, 0, empty.length));
        assertEquals(JsonParser.END_OF_DOCUMENTS, parser.nextDocument());

        final byte[] unclosed = utf8("[1]\n\"abc\n");
        assertEquals(JsonError.UNCLOSED_STRING, parser.startDocuments(unclosed, 0, unclosed.length));
        assertEquals(JsonParser.END_OF_DOCUMENTS, parser.nextDocument());
    }

    @Test
    void shouldParseMultiLineDocumentsAcrossIndexWindowsWhenStreamIsLarge()
    {
        // pretty-printed documents over several lines, 300 KB in all: windows end at line ends inside documents
        final StringBuilder text = new StringBuilder();
        final int docs = 3000;
        for (int i = 0; i < docs; i++)
        {
            text.append("{\n  \"id\": ").append(i).append(",\n  \"tags\": [\n    \"a\",\n    \"b\"\n  ],\n")
                .append("  \"note\": \"").append("x".repeat(i % 50)).append("\"\n}\n");
        }
        final byte[] bytes = utf8(text.toString());
        assertTrue(bytes.length > 4 * 64 * 1024);
        assertEquals(JsonError.OK, parser.startDocuments(bytes, 0, bytes.length));
        final JsonCursor cursor = new JsonCursor();
        final JsonCursor field = new JsonCursor();
        int seen = 0;
        int status;
        while ((status = parser.nextDocument()) == JsonError.OK)
        {
            assertTrue(cursor.wrap(parser.tape()).field("id", field));
            assertEquals(seen, field.longValue(), "document order");
            assertTrue(cursor.field("note", field));
            assertEquals(seen % 50, field.stringLength());
            seen++;
        }
        assertEquals(JsonParser.END_OF_DOCUMENTS, status);
        assertEquals(docs, seen);
    }

    @Test
    void shouldParseOneDocumentLargerThanAnIndexWindowWhenSpreadOverLines()
    {
        final StringBuilder text = new StringBuilder("[\n");
        final int elements = 40_000;
        for (int i = 0; i < elements; i++)
        {
            text.append("  ").append(i).append(i + 1 < elements ? ",\n" : "\n");
        }
        text.append("]\n[1]\n");
        final byte[] bytes = utf8(text.toString());
        assertEquals(JsonError.OK, parser.startDocuments(bytes, 0, bytes.length));
        assertEquals(JsonError.OK, parser.nextDocument());
        final JsonCursor cursor = new JsonCursor().wrap(parser.tape());
        assertEquals(elements, cursor.size());
        assertEquals(JsonError.OK, parser.nextDocument());
        assertEquals(1, new JsonCursor().wrap(parser.tape()).size());
        assertEquals(JsonParser.END_OF_DOCUMENTS, parser.nextDocument());
    }

    @Test
    void shouldDeliverEarlierDocumentsAndReportAbsoluteOffsetWhenLaterWindowHasInvalidUtf8()
    {
        final StringBuilder text = new StringBuilder();
        final int good = 5000;
        for (int i = 0; i < good; i++)
        {
            text.append("{\"n\":").append(i).append(",\"s\":\"some text\"}\n");
        }
        final byte[] prefix = utf8(text.toString());
        final byte[] bytes = java.util.Arrays.copyOf(prefix, prefix.length + 16);
        final byte[] bad = {'[', '"', (byte)0xC3, (byte)0x28, '"', ']', '\n'};
        System.arraycopy(bad, 0, bytes, prefix.length, bad.length);
        final int length = prefix.length + bad.length;
        assertTrue(prefix.length > 2 * 64 * 1024);

        assertEquals(JsonError.OK, parser.startDocuments(bytes, 0, length));
        int seen = 0;
        int status;
        while ((status = parser.nextDocument()) == JsonError.OK)
        {
            seen++;
        }
        assertEquals(JsonError.UTF8_ERROR, status);
        assertEquals(prefix.length + 2, parser.errorOffset());
        assertTrue(seen > 0 && seen <= good, "documents before the bad window: " + seen);
        assertEquals(JsonParser.END_OF_DOCUMENTS, parser.nextDocument());
    }

    @Test
    void shouldEndStreamWhenSingleDocumentParsedAfterStart()
    {
        final byte[] stream = utf8("[1]\n[2]\n");
        assertEquals(JsonError.OK, parser.startDocuments(stream, 0, stream.length));
        assertEquals(JsonError.OK, parser.parse(utf8("{}"), 0, 2));
        assertEquals(JsonParser.END_OF_DOCUMENTS, parser.nextDocument());
    }

    @Test
    void shouldReadEveryLineWhenLogsNdjson() throws IOException
    {
        final byte[] bytes = Files.readAllBytes(DATA.resolve("logs.ndjson"));
        final long lines = Files.readAllLines(DATA.resolve("logs.ndjson")).stream().filter(l -> !l.isBlank()).count();
        assertEquals(JsonError.OK, parser.startDocuments(bytes, 0, bytes.length));
        final JsonCursor cursor = new JsonCursor();
        final JsonCursor field = new JsonCursor();
        int docs = 0;
        int status;
        while ((status = parser.nextDocument()) == JsonError.OK)
        {
            docs++;
            assertEquals(JsonType.OBJECT, cursor.wrap(parser.tape()).type());
            assertEquals(true, cursor.field("version", field));
        }
        assertEquals(JsonParser.END_OF_DOCUMENTS, status);
        assertEquals(lines, docs);
    }

    @TestFactory
    Stream<DynamicTest> shouldAcceptYAndRejectNWhenJsonTestSuite() throws IOException
    {
        final List<DynamicTest> tests = new ArrayList<>();
        try (Stream<Path> files = Files.list(SHARED.resolve("data/JSONTestSuite/test_parsing")))
        {
            files.sorted().forEach(file ->
            {
                final String name = file.getFileName().toString();
                if (name.startsWith("y_") || name.startsWith("n_"))
                {
                    tests.add(DynamicTest.dynamicTest(name, () ->
                    {
                        final byte[] bytes = Files.readAllBytes(file);
                        final int status = parser.parse(bytes, 0, bytes.length);
                        if (name.startsWith("y_"))
                        {
                            assertEquals(JsonError.OK, status, JsonError.message(status));
                        }
                        else
                        {
                            assertNotEquals(JsonError.OK, status);
                        }
                    }));
                }
            });
        }
        assertNotEquals(0, tests.size());
        return tests.stream();
    }

    @Test
    void shouldNotAllocateWhenParsingRepeatedly() throws IOException
    {
        // given
        final byte[] bytes = Files.readAllBytes(DATA.resolve("twitter.json"));
        for (int i = 0; i < 300; i++)
        {
            assertEquals(JsonError.OK, parser.parse(bytes, 0, bytes.length));
        }
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)java.lang.management.ManagementFactory.getThreadMXBean();
        final long threadId = Thread.currentThread().threadId();

        // when
        final long before = threads.getThreadAllocatedBytes(threadId);
        int words = 0;
        for (int i = 0; i < 200; i++)
        {
            parser.parse(bytes, 0, bytes.length);
            words += parser.tape().length();
        }
        final long allocated = threads.getThreadAllocatedBytes(threadId) - before;

        // then
        assertTrue(words > 200 * 10_000, "tape words " + words);
        assertTrue(allocated < 1024, "allocated " + allocated + " bytes");
    }
}
