package io.temblor.engine.codec;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Chains of interceptors (Tremor's lists), finish at end of stream, and the postprocessors chunk, collect, ingest-ns. */
class InterceptorChainTest
{
    private static Preprocessor pre(final String... names)
    {
        final List<Preprocessor> stages = new ArrayList<>();
        for (final String name : names)
        {
            stages.add(Interceptors.preprocessor(name, null));
        }
        return InterceptorChain.preprocessors(stages);
    }

    private static byte[] b(final String s)
    {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static int feed(final Interceptor p, final String s, final PreprocessorsTest.Collector c)
    {
        final byte[] bytes = b(s);
        return p.process(0, bytes, 0, bytes.length, c);
    }

    @Test
    void shouldApplyStagesInOrderAndKeepTheLastLineWhenTheStreamFinishes()
    {
        // given separate then remove-empty
        final Preprocessor chain = pre("separate", "remove-empty");
        final PreprocessorsTest.Collector c = new PreprocessorsTest.Collector();

        // when lines arrive split across chunks, with empty lines and no final newline
        feed(chain, "a\n\nb", c);
        feed(chain, "c\n\n\nlast", c);
        assertEquals(List.of("a", "bc"), c.chunks);
        assertEquals(Interceptor.OK, chain.finish(0, c));

        // then
        assertEquals(List.of("a", "bc", "last"), c.chunks);
        assertEquals(Interceptor.OK, chain.finish(0, c));
        assertEquals(List.of("a", "bc", "last"), c.chunks);
    }

    @Test
    void shouldFlowAFinishedStageThroughTheStagesAfterIt()
    {
        // given a separate on '|' whose remainder holds two lines for a second separate on newlines
        final Preprocessor chain = InterceptorChain.preprocessors(List.of(
            Interceptors.preprocessor("separate", Map.of("separator", "|")),
            Interceptors.preprocessor("separate", null)));
        final PreprocessorsTest.Collector c = new PreprocessorsTest.Collector();
        feed(chain, "x\ny|one\ntwo", c);
        assertEquals(List.of("x"), c.chunks);

        // when
        chain.finish(0, c);

        // then the second stage finished after it received the first one's remainder (joined to its own, as Tremor)
        assertEquals(List.of("x", "yone", "two"), c.chunks);
    }

    @Test
    void shouldRoundTripRandomLinesThroughPostAndPreChainsWhenCompressedAndFramed()
    {
        final Random random = new Random(5);
        for (final String algorithm : List.of("gzip", "xz2", "zstd", "lz4", "snappy", "zlib"))
        {
            // given a writer chain: separate, compress each line, length-prefix each compressed line
            final Postprocessor post = InterceptorChain.postprocessors(List.of(
                Interceptors.postprocessor("separate", null),
                Interceptors.postprocessor("compress", Map.of("algorithm", algorithm)),
                Interceptors.postprocessor("length-prefixed", null)));
            final Preprocessor read = InterceptorChain.preprocessors(List.of(
                Interceptors.preprocessor("length-prefixed", null),
                Interceptors.preprocessor("decompress", null),
                Interceptors.preprocessor("separate", null)));
            final List<String> lines = new ArrayList<>();
            final CompressionTest.Chunks wire = new CompressionTest.Chunks();
            for (int i = 0; i < 200; i++)
            {
                final String line = "line " + i + " " + "x".repeat(random.nextInt(300));
                lines.add(line);
                final byte[] bytes = b(line);
                assertEquals(Interceptor.OK, post.process(0, bytes, 0, bytes.length, wire));
            }
            assertEquals(Interceptor.OK, post.finish(0, wire));

            // when the stream is read back in random pieces
            final byte[] stream = wire.joined();
            final PreprocessorsTest.Collector c = new PreprocessorsTest.Collector();
            int at = 0;
            while (at < stream.length)
            {
                final int n = Math.min(stream.length - at, 1 + random.nextInt(4096));
                assertEquals(Interceptor.OK, read.process(0, stream, at, n, c), read::errorMessage);
                at += n;
            }
            assertEquals(Interceptor.OK, read.finish(0, c));

            // then
            assertEquals(lines, c.chunks, algorithm);
        }
    }

    @Test
    void shouldNameTheFailingStageAndKeepTheOtherOutput()
    {
        final Preprocessor chain = pre("separate", "base64");
        final PreprocessorsTest.Collector c = new PreprocessorsTest.Collector();
        assertEquals(Interceptor.ERROR, feed(chain, "c25vdA==\n*bad*\nYmFkZ2Vy\n", c));
        assertEquals(List.of("snot", "badger"), c.chunks);
        assertTrue(chain.errorMessage().startsWith("preprocessor base64 (2 of 2): invalid base64"),
            chain.errorMessage());
        assertEquals(Interceptor.OK, feed(chain, "eA==\n", c));
        assertEquals(null, chain.errorMessage());
    }

    @Test
    void shouldReportATruncatedFrameWhenTheStreamFinishesMidFrame()
    {
        final Preprocessor chain = pre("textual-length-prefixed", "remove-empty");
        final PreprocessorsTest.Collector c = new PreprocessorsTest.Collector();
        feed(chain, "4 snot10 bad", c);
        assertEquals(List.of("snot"), c.chunks);
        assertEquals(Interceptor.ERROR, chain.finish(0, c));
        assertTrue(chain.errorMessage().contains("truncated frame"), chain.errorMessage());
    }

    @Test
    void shouldPassChunksThroughWhenTheChainIsEmpty()
    {
        final Preprocessor chain = InterceptorChain.preprocessors(List.of());
        final PreprocessorsTest.Collector c = new PreprocessorsTest.Collector();
        feed(chain, "as is", c);
        assertEquals(List.of("as is"), c.chunks);
    }

    @Test
    void shouldNotAllocatePerChunkInSteadyState()
    {
        final Preprocessor chain = pre("separate", "remove-empty", "ingest-ns");
        final byte[] data = b("\0\0\0\0\0\0\0\1line one\n\n\0\0\0\0\0\0\0\2line two\n");
        final long[] count = new long[1];
        final ChunkHandler sink = (ingestNs, d, o, l) -> count[0] += ingestNs;
        for (int i = 0; i < 20_000; i++)
        {
            chain.process(0, data, 0, data.length, sink);
        }
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final long thread = Thread.currentThread().threadId();
        final long before = threads.getThreadAllocatedBytes(thread);
        for (int i = 0; i < 100_000; i++)
        {
            chain.process(0, data, 0, data.length, sink);
        }
        final long perChunk = (threads.getThreadAllocatedBytes(thread) - before) / 100_000;
        assertEquals(0, perChunk, "bytes allocated per chunk");
        assertEquals(3L * 120_000, count[0]);
    }

    @Test
    void shouldPackChunksUpToMaxBytesAsTremorsChunk()
    {
        // given
        final Postprocessor chunk = Interceptors.postprocessor("chunk", Map.of("max_bytes", 10L));
        final PreprocessorsTest.Collector c = new PreprocessorsTest.Collector();

        // when
        feed(chunk, "aaaa", c);
        feed(chunk, "bbbb", c);
        feed(chunk, "cccc", c);
        feed(chunk, "dddddd", c);
        assertEquals(Interceptor.ERROR, feed(chunk, "x".repeat(11), c));
        assertTrue(chunk.errorMessage().contains("exceeded max_bytes 10"), chunk.errorMessage());
        feed(chunk, "ee", c);
        chunk.finish(0, c);

        // then nothing above 10 bytes, nothing split, the too-large one reported
        assertEquals(List.of("aaaabbbb", "ccccdddddd", "ee"), c.chunks);
        assertThrows(IllegalArgumentException.class, () -> Interceptors.postprocessor("chunk", null));
        assertThrows(IllegalArgumentException.class,
            () -> Interceptors.postprocessor("chunk", Map.of("max_bytes", 0L)));
        assertThrows(IllegalArgumentException.class,
            () -> Interceptors.postprocessor("chunk", Map.of("max_bytes", 5L, "snot", 1L)));
    }

    @Test
    void shouldGatherEverythingUntilFinishAsTremorsCollect()
    {
        final Postprocessor collect = Interceptors.postprocessor("collect", null);
        final PreprocessorsTest.Collector c = new PreprocessorsTest.Collector();
        for (int i = 0; i < 100; i++)
        {
            feed(collect, i + ",", c);
        }
        assertEquals(List.of(), c.chunks);
        collect.finish(0, c);
        assertEquals(1, c.chunks.size());
        assertTrue(c.chunks.get(0).startsWith("0,1,2,") && c.chunks.get(0).endsWith("98,99,"));

        final Postprocessor bounded = Interceptors.postprocessor("collect", Map.of("max_bytes", 5L));
        final PreprocessorsTest.Collector d = new PreprocessorsTest.Collector();
        feed(bounded, "abc", d);
        feed(bounded, "de", d);
        feed(bounded, "f", d);
        bounded.finish(0, d);
        assertEquals(List.of("abcde", "f"), d.chunks);
    }

    @Test
    void shouldCarryTheIngestTimeWhenIngestNsPostAndPreprocessorsPair()
    {
        final Postprocessor post = Interceptors.postprocessor("ingest-ns", null);
        final Preprocessor pre = Interceptors.preprocessor("ingest-ns", null);
        final PreprocessorsTest.Collector c = new PreprocessorsTest.Collector();
        final byte[] data = b("payload");
        post.process(123_456_789_012L, data, 0, data.length, (ingestNs, d, o, l) -> pre.process(0, d, o, l, c));
        assertEquals(List.of("payload"), c.chunks);
        assertEquals(123_456_789_012L, c.lastIngestNs);
    }

    @Test
    void shouldRejectUnknownOptionsAsTremorsDenyUnknownFields()
    {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> Interceptors.preprocessor("separate", Map.of("seperator", "|")));
        assertTrue(e.getMessage().contains("unknown field `seperator`"), e.getMessage());
    }
}
