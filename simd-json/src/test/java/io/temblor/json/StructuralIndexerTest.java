package io.temblor.json;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

class StructuralIndexerTest
{
    private static final Path SHARED = Path.of(System.getProperty("temblor.shared", "../../shared"));

    @ParameterizedTest
    @EnumSource(SimdWidth.class)
    void shouldMatchReferenceWhenIndexingJsonTestSuite(final SimdWidth width) throws IOException
    {
        final List<Path> files = list(SHARED.resolve("data/JSONTestSuite/test_parsing"));
        assertTrue(files.size() > 300, "JSONTestSuite files found: " + files.size());
        final StructuralIndexer indexer = new StructuralIndexer(width);
        for (final Path file : files)
        {
            assertMatchesReference(indexer, Files.readAllBytes(file), file.getFileName().toString());
        }
    }

    @ParameterizedTest
    @EnumSource(SimdWidth.class)
    void shouldMatchReferenceWhenIndexingCorpora(final SimdWidth width) throws IOException
    {
        final List<Path> files = list(SHARED.resolve("data/json"));
        assertTrue(files.size() >= 6, "corpus files found: " + files.size());
        final StructuralIndexer indexer = new StructuralIndexer(width);
        for (final Path file : files)
        {
            final byte[] bytes = Files.readAllBytes(file);
            assertMatchesReference(indexer, bytes, file.getFileName().toString());
            assertTrue(indexer.index(MemorySegment.ofArray(bytes), 0, bytes.length) > bytes.length / 100, "structurals found");
        }
    }

    @ParameterizedTest
    @EnumSource(SimdWidth.class)
    void shouldMatchReferenceWhenIndexingRandomJsonLikeText(final SimdWidth width)
    {
        final String[] alphabet = {
            "\"", "\"", "\\", "\\", "\\\\", "\\\"", "{", "}", "[", "]", ":", ",", " ", "\n", "\t", "\r",
            "a", "1", "true", "-2.5e3", "é", "€", "😀", "\u0001", "\u007f"
        };
        final Random random = new Random(42);
        final StructuralIndexer indexer = new StructuralIndexer(width);
        final int rounds = width == SimdWidth.W512 ? 1500 : 6000;
        for (int round = 0; round < rounds; round++)
        {
            final StringBuilder sb = new StringBuilder();
            final int tokens = random.nextInt(round % 10 == 0 ? 400 : 80);
            for (int t = 0; t < tokens; t++)
            {
                sb.append(alphabet[random.nextInt(alphabet.length)]);
            }
            assertMatchesReference(indexer, sb.toString().getBytes(StandardCharsets.UTF_8), "random round " + round);
        }
    }

    @ParameterizedTest
    @EnumSource(SimdWidth.class)
    void shouldMatchReferenceWhenBackslashRunsCrossBlockBoundaries(final SimdWidth width)
    {
        // given: a string containing a run of k backslashes that ends just before a quote, the run ending at every
        // offset around the first two block boundaries
        final StructuralIndexer indexer = new StructuralIndexer(width);
        for (int runLength = 0; runLength <= 70; runLength++)
        {
            for (int end = 40; end <= 140; end++)
            {
                final int start = end - runLength;
                if (start < 2)
                {
                    continue;
                }
                final byte[] doc = new byte[end + 12];
                Arrays.fill(doc, (byte)'x');
                doc[0] = '[';
                doc[1] = '"';
                Arrays.fill(doc, start, end, (byte)'\\');
                doc[end] = '"';
                doc[end + 1] = ',';
                doc[end + 2] = '"';
                doc[end + 3] = 'y';
                doc[end + 4] = '"';
                doc[end + 5] = ']';
                Arrays.fill(doc, end + 6, doc.length, (byte)' ');

                // when / then
                final int count = assertMatchesReference(indexer, doc, "run " + runLength + " ending at " + end);
                if (runLength % 2 == 0)
                {
                    assertEquals(5, count, "an even run leaves the quote unescaped and the string closed");
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(SimdWidth.class)
    void shouldReportUnclosedStringWhenInputEndsInsideString(final SimdWidth width)
    {
        final StructuralIndexer indexer = new StructuralIndexer(width);
        for (int pad = 0; pad < 130; pad++)
        {
            final byte[] doc = (" ".repeat(pad) + "{\"a\": \"b\\\"").getBytes(StandardCharsets.US_ASCII);
            final int result = indexer.index(MemorySegment.ofArray(doc), 0, doc.length);
            assertEquals(JsonError.UNCLOSED_STRING, result, "pad " + pad);
            assertEquals(pad + 6, indexer.errorOffset(), "pad " + pad);
        }
    }

    @ParameterizedTest
    @EnumSource(SimdWidth.class)
    void shouldFindScalarStartsWhenLiteralsAreAdjacentToOperators(final SimdWidth width)
    {
        // given
        final byte[] doc = "{\"k\":[true,-1.5e3 ,null],\"s\":\"a{b\"}".getBytes(StandardCharsets.US_ASCII);
        final StructuralIndexer indexer = new StructuralIndexer(width);

        // when
        final int count = indexer.index(MemorySegment.ofArray(doc), 0, doc.length);

        // then
        final int[] expected = {0, 1, 4, 5, 6, 10, 11, 18, 19, 23, 24, 25, 28, 29, 34};
        assertEquals(expected.length, count);
        assertArrayEquals(expected, Arrays.copyOf(indexer.positions(), count));
        assertEquals(doc.length, indexer.positions()[count]);
        assertEquals(doc.length, indexer.positions()[count + 1]);
    }

    @ParameterizedTest
    @EnumSource(SimdWidth.class)
    void shouldReturnNoStructuralsWhenInputIsEmptyOrBlank(final SimdWidth width)
    {
        final StructuralIndexer indexer = new StructuralIndexer(width);
        final byte[] blank = " \n\t\r ".getBytes(StandardCharsets.US_ASCII);
        assertEquals(0, indexer.index(MemorySegment.ofArray(blank), 0, 0));
        assertEquals(0, indexer.positions()[0]);
        assertEquals(0, indexer.index(MemorySegment.ofArray(blank), 0, blank.length));
        assertEquals(blank.length, indexer.positions()[0]);
        assertEquals(blank.length, indexer.positions()[1]);
    }

    @ParameterizedTest
    @EnumSource(value = SimdWidth.class, names = {"W256", "SCALAR"})
    void shouldAllocateNothingWhenIndexingRepeatedly(final SimdWidth width)
    {
        // given: a native document with strings, escapes, multi-byte UTF-8 and a partial last block
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final StringBuilder text = new StringBuilder("[");
        for (int i = 0; i < 60; i++)
        {
            text.append("{\"id\":").append(i).append(",\"name\":\"caf\u00e9 \\\"\u20ac\ud83d\ude00\",\"ok\":true},");
        }
        final byte[] bytes = text.append("null]").toString().getBytes(StandardCharsets.UTF_8);
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment doc = arena.allocate(bytes.length + 7);
            MemorySegment.copy(bytes, 0, doc, java.lang.foreign.ValueLayout.JAVA_BYTE, 7, bytes.length);
            final StructuralIndexer indexer = new StructuralIndexer(width);
            final int expected = indexer.index(doc, 7, bytes.length);
            assertEquals(reference(bytes).positions.length, expected);

            // when: windows of 1000 calls until the JIT has compiled the hot methods (bounded: the machine may be busy)
            long allocated = -1;
            final long deadline = System.nanoTime() + 120_000_000_000L;
            while (allocated != 0 && System.nanoTime() < deadline)
            {
                final long before = threads.getCurrentThreadAllocatedBytes();
                int sum = 0;
                for (int i = 0; i < 1000; i++)
                {
                    sum += indexer.index(doc, 7, bytes.length);
                }
                allocated = threads.getCurrentThreadAllocatedBytes() - before;
                assertEquals(expected * 1000L, sum);
            }

            // then
            assertEquals(0, allocated, "bytes allocated by 1000 index calls in steady state");
        }
    }

    @Test
    void shouldParseWidthWhenPropertyValueIsGiven()
    {
        assertEquals(SimdWidth.W512, SimdWidth.parse("512"));
        assertEquals(SimdWidth.W256, SimdWidth.parse(" 256 "));
        assertEquals(SimdWidth.SCALAR, SimdWidth.parse("Scalar"));
        assertTrue(SimdWidth.parse("auto") != SimdWidth.W512 || jdk.incubator.vector.ByteVector.SPECIES_PREFERRED.vectorBitSize() >= 512);
        try
        {
            SimdWidth.parse("128");
            fail("128 accepted");
        }
        catch (final IllegalArgumentException expected)
        {
            assertTrue(expected.getMessage().contains(SimdWidth.PROPERTY));
        }
    }

    private static List<Path> list(final Path dir) throws IOException
    {
        try (Stream<Path> stream = Files.list(dir))
        {
            return stream.filter(Files::isRegularFile).sorted().toList();
        }
    }

    /**
     * Indexes the document from a heap segment at offset 0 and from a native segment at an odd offset, and compares
     * both with the reference. Returns the structural count (or the error).
     */
    private static int assertMatchesReference(final StructuralIndexer indexer, final byte[] doc, final String name)
    {
        final Reference expected = reference(doc);
        final int heap = indexer.index(MemorySegment.ofArray(doc), 0, doc.length);
        check(indexer, expected, heap, doc.length, name + " (heap)");
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment segment = arena.allocate(doc.length + 3 + 5);
            segment.fill((byte)'"');
            MemorySegment.copy(doc, 0, segment, java.lang.foreign.ValueLayout.JAVA_BYTE, 3, doc.length);
            final int offHeap = indexer.index(segment, 3, doc.length);
            check(indexer, expected, offHeap, doc.length, name + " (native, offset 3)");
        }
        return heap;
    }

    private static void check(
        final StructuralIndexer indexer, final Reference expected, final int actual, final int length, final String name)
    {
        if (expected.error != 0)
        {
            assertEquals(expected.error, actual, name + ": status");
            assertEquals(expected.errorOffset, indexer.errorOffset(), name + ": error offset");
            return;
        }
        assertEquals(expected.positions.length, actual, name + ": count");
        assertArrayEquals(expected.positions, Arrays.copyOf(indexer.positions(), actual), name + ": positions");
        assertEquals(length, indexer.positions()[actual], name + ": first sentinel");
        assertEquals(length, indexer.positions()[actual + 1], name + ": second sentinel");
    }

    private record Reference(int[] positions, int error, long errorOffset)
    {
    }

    /**
     * A simple model of stage 1: strict UTF-8 by the JDK's decoder, then a pass marking escaped bytes, a pass marking
     * string interiors and a pass applying the definition of a structural.
     */
    private static Reference reference(final byte[] doc)
    {
        final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
        final ByteBuffer in = ByteBuffer.wrap(doc);
        final CoderResult result = decoder.decode(in, CharBuffer.allocate(doc.length + 1), true);
        if (result.isError())
        {
            return new Reference(null, JsonError.UTF8_ERROR, in.position());
        }

        final boolean[] escaped = new boolean[doc.length];
        for (int i = 1; i < doc.length; i++)
        {
            int run = 0;
            while (i - 1 - run >= 0 && doc[i - 1 - run] == '\\')
            {
                run++;
            }
            escaped[i] = run % 2 == 1;
        }
        final boolean[] inString = new boolean[doc.length];
        final boolean[] openQuote = new boolean[doc.length];
        boolean inside = false;
        int lastOpen = -1;
        for (int i = 0; i < doc.length; i++)
        {
            if (doc[i] == '"' && !escaped[i])
            {
                inside = !inside;
                openQuote[i] = inside;
                lastOpen = inside ? i : lastOpen;
            }
            inString[i] = inside || (doc[i] == '"' && !escaped[i]);
        }
        if (inside)
        {
            return new Reference(null, JsonError.UNCLOSED_STRING, lastOpen);
        }
        final List<Integer> positions = new ArrayList<>();
        boolean previousScalar = false;
        for (int i = 0; i < doc.length; i++)
        {
            final int c = doc[i];
            final boolean op = c == '{' || c == '}' || c == '[' || c == ']' || c == ':' || c == ',';
            final boolean ws = c == ' ' || c == '\t' || c == '\n' || c == '\r';
            final boolean scalar = !inString[i] && !op && !ws;
            if (openQuote[i] || (!inString[i] && op) || (scalar && !previousScalar))
            {
                positions.add(i);
            }
            previousScalar = scalar;
        }
        return new Reference(positions.stream().mapToInt(Integer::intValue).toArray(), 0, -1);
    }
}
