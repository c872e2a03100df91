package io.temblor.engine.codec;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PreprocessorsTest
{
    /** Collects chunks as strings (ISO-8859-1, so any bytes survive). */
    static final class Collector implements ChunkHandler
    {
        final List<String> chunks = new ArrayList<>();
        long lastIngestNs;

        @Override
        public void onChunk(final long ingestNs, final byte[] data, final int offset, final int length)
        {
            chunks.add(new String(data, offset, length, StandardCharsets.ISO_8859_1));
            lastIngestNs = ingestNs;
        }
    }

    static byte[] b(final String s)
    {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static int feed(final Preprocessor p, final String s, final Collector c)
    {
        final byte[] bytes = b(s);
        return p.process(0, bytes, 0, bytes.length, c);
    }

    @Test
    void shouldJoinFragmentsAcrossChunksWhenSeparateIsBuffered()
    {
        final Preprocessor p = Interceptors.preprocessor("separate", null);
        final Collector c = new Collector();
        assertEquals(Preprocessor.OK, feed(p, "snot\nbad", c));
        assertEquals(Preprocessor.OK, feed(p, "ger\n\nlast", c));
        assertEquals(Preprocessor.OK, p.finish(0, c));
        assertEquals(List.of("snot", "badger", "", "last"), c.chunks);
    }

    @Test
    void shouldEmitEachTailWhenSeparateIsUnbuffered()
    {
        final Preprocessor p = Interceptors.preprocessor("separate", Map.of("separator", "|", "buffered", false));
        final Collector c = new Collector();
        feed(p, "a|b|c", c);
        assertEquals(List.of("a", "b", "c"), c.chunks);
    }

    @Test
    void shouldReportDiscardedFragmentsWhenLongerThanMaxLength()
    {
        final Preprocessor p = Interceptors.preprocessor("separate", Map.of("max_length", 4));
        final Collector c = new Collector();
        assertEquals(Preprocessor.ERROR, feed(p, "ok\ntoolong\nfine\n", c));
        assertEquals(List.of("ok", "fine"), c.chunks);
        assertTrue(p.errorMessage().contains("exceeds maximum allowed length of 4"), p.errorMessage());
        assertEquals(Preprocessor.OK, feed(p, "abc", c));
        assertEquals(Preprocessor.OK, feed(p, "d", c));
        assertEquals(Preprocessor.ERROR, feed(p, "e\n", c));
        assertEquals(List.of("ok", "fine"), c.chunks);
    }

    @Test
    void shouldFrameAcrossChunksWhenLengthPrefixed()
    {
        final Preprocessor p = Interceptors.preprocessor("length-prefixed", null);
        final Collector c = new Collector();
        final byte[] frames = {0, 0, 0, 0, 0, 0, 0, 3, 'a', 'b', 'c', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 'z'};
        for (final byte x : frames)
        {
            assertEquals(Preprocessor.OK, p.process(0, new byte[] {x}, 0, 1, c));
        }
        assertEquals(Preprocessor.OK, p.finish(0, c));
        assertEquals(List.of("abc", "", "z"), c.chunks);
        assertEquals(Preprocessor.OK, p.process(0, frames, 0, 5, c));
        assertEquals(Preprocessor.ERROR, p.finish(0, c));
        assertNotNull(p.errorMessage());
        final byte[] huge = {(byte)0xFF, 0, 0, 0, 0, 0, 0, 0, 1};
        assertEquals(Preprocessor.ERROR, p.process(0, huge, 0, huge.length, c));
        final Preprocessor limited = Interceptors.preprocessor("length-prefixed", Map.of("max_length", 2));
        assertEquals(Preprocessor.ERROR, limited.process(0, frames, 0, frames.length, c));
    }

    @Test
    void shouldFrameWhenTextualLengthPrefixed()
    {
        final Preprocessor p = Interceptors.preprocessor("textual-length-prefixed", null);
        final Collector c = new Collector();
        feed(p, "5 snot 6 badg", c);
        feed(p, "er0 ", c);
        assertEquals(List.of("snot ", "badger", ""), c.chunks);
        assertEquals(Preprocessor.ERROR, feed(Interceptors.preprocessor("textual-length-prefixed", null), "x1 a", c));
        assertEquals(Preprocessor.ERROR, feed(Interceptors.preprocessor("textual-length-prefixed", null),
            "99999999999 a", c));
        assertEquals(Preprocessor.ERROR, feed(Interceptors.preprocessor("textual-length-prefixed", null),
            "123456789012", c));
    }

    @Test
    void shouldDropEmptyChunksWhenRemoveEmpty()
    {
        final Preprocessor p = Interceptors.preprocessor("remove-empty", null);
        final Collector c = new Collector();
        feed(p, "", c);
        feed(p, "x", c);
        assertEquals(List.of("x"), c.chunks);
    }

    @Test
    void shouldDecodeAndReportWhenBase64()
    {
        final Preprocessor p = Interceptors.preprocessor("base64", null);
        final Collector c = new Collector();
        assertEquals(Preprocessor.OK, feed(p, "c25vdCBiYWRnZXI=", c));
        assertEquals(List.of("snot badger"), c.chunks);
        assertEquals(Preprocessor.ERROR, feed(p, "c25v*", c));
        assertNotNull(p.errorMessage());
    }

    @Test
    void shouldRoundTripWithPostprocessorsWhenCompressed()
    {
        final byte[] text = b("snot badger ".repeat(100));
        for (final String algorithm : new String[] {"gzip", "zlib"})
        {
            final Postprocessor post = Interceptors.postprocessor("compress", Map.of("algorithm", algorithm));
            final Collector compressed = new Collector();
            assertEquals(Postprocessor.OK, post.process(0, text, 0, text.length, compressed));
            for (final Preprocessor pre : new Preprocessor[] {Interceptors.preprocessor("decompress", null),
                Interceptors.preprocessor(algorithm, null)})
            {
                final Collector c = new Collector();
                assertEquals(Preprocessor.OK, feed(pre, compressed.chunks.get(0), c));
                assertEquals(List.of(new String(text, StandardCharsets.ISO_8859_1)), c.chunks);
                final byte[] z = b(compressed.chunks.get(0));
                assertEquals(Preprocessor.ERROR, pre.process(0, z, 0, z.length - 6, c), algorithm);
                assertNotNull(pre.errorMessage());
            }
        }
        final Collector plain = new Collector();
        feed(Interceptors.preprocessor("decompress", null), "plain text", plain);
        assertEquals(List.of("plain text"), plain.chunks);
    }

    @Test
    void shouldReadIngestTimeWhenIngestNs()
    {
        final Preprocessor p = Interceptors.preprocessor("ingest-ns", null);
        final Collector c = new Collector();
        final byte[] data = {0, 0, 0, 0, 0, 0, 1, 2, 'x'};
        assertEquals(Preprocessor.OK, p.process(0, data, 0, data.length, c));
        assertEquals(258, c.lastIngestNs);
        assertEquals(List.of("x"), c.chunks);
        assertEquals(Preprocessor.ERROR, p.process(0, data, 0, 7, c));
    }

    @Test
    void shouldFrameWhenPostprocessing()
    {
        final Collector c = new Collector();
        final byte[] d = b("snot");
        Interceptors.postprocessor("separate", null).process(0, d, 0, 4, c);
        Interceptors.postprocessor("length-prefixed", null).process(0, d, 0, 4, c);
        Interceptors.postprocessor("textual-length-prefixed", null).process(0, d, 0, 4, c);
        Interceptors.postprocessor("base64", null).process(0, d, 0, 4, c);
        assertEquals(List.of("snot\n", "\0\0\0\0\0\0\0\4snot", "4 snot", Base64.getEncoder().encodeToString(d)),
            c.chunks);
    }
}
