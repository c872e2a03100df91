package io.temblor.engine.codec;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tremor's compress/decompress pairs for every algorithm Temblor runs, and their errors. */
class CompressionTest
{
    private static final List<String> ALGORITHMS = List.of("gzip", "zlib", "xz2", "snappy", "lz4", "zstd");

    /** Collects whole chunks as byte arrays. */
    static final class Chunks implements ChunkHandler
    {
        final java.util.ArrayList<byte[]> list = new java.util.ArrayList<>();

        @Override
        public void onChunk(final long ingestNs, final byte[] data, final int offset, final int length)
        {
            list.add(Arrays.copyOfRange(data, offset, offset + length));
        }

        byte[] joined()
        {
            final ByteArrayOutputStream out = new ByteArrayOutputStream();
            list.forEach(out::writeBytes);
            return out.toByteArray();
        }
    }

    private static byte[] compress(final String algorithm, final byte[] data)
    {
        final Postprocessor post = Interceptors.postprocessor("compress", Map.of("algorithm", algorithm));
        final Chunks out = new Chunks();
        assertEquals(Postprocessor.OK, post.process(0, data, 0, data.length, out), post::errorMessage);
        assertEquals(1, out.list.size());
        return out.list.get(0);
    }

    /** Tremor's decode_magic: which algorithm the magic bytes of compressed output name. */
    private static String magic(final byte[] data)
    {
        return Compression.name(Compression.detect(data, 0, data.length));
    }

    @Test
    void shouldDecompressWhatCompressProducesWhenTheAlgorithmIsNamedOrDetected()
    {
        final Random random = new Random(7);
        for (final String algorithm : ALGORITHMS)
        {
            for (int round = 0; round < 20; round++)
            {
                // given random bytes, from empty to 200 KB, compressible or not
                final byte[] data = new byte[round == 0 ? 0 : random.nextInt(round < 10 ? 100 : 200_000)];
                if (random.nextBoolean())
                {
                    random.nextBytes(data);
                }
                else
                {
                    for (int i = 0; i < data.length; i++)
                    {
                        data[i] = (byte)"snot badger\n".charAt(random.nextInt(12));
                    }
                }

                // when
                final byte[] compressed = compress(algorithm, data);

                // then the magic bytes are Tremor's and both decompressors read it back
                assertEquals(algorithm, magic(compressed));
                for (final Map<String, ?> config : List.of(Map.of("algorithm", algorithm), Map.<String, Object>of()))
                {
                    final Preprocessor pre = Interceptors.preprocessor("decompress", config);
                    final Chunks out = new Chunks();
                    assertEquals(Preprocessor.OK, pre.process(0, compressed, 0, compressed.length, out),
                        pre::errorMessage);
                    assertArrayEquals(data, out.joined(), algorithm + " " + config);
                    assertEquals(Preprocessor.OK, pre.finish(0, out));
                }
            }
        }
    }

    @Test
    void shouldReportTheAlgorithmWhenDataIsCorruptOrTruncated()
    {
        final Random random = new Random(11);
        final byte[] data = new byte[50_000];
        for (int i = 0; i < data.length; i++)
        {
            data[i] = (byte)('a' + random.nextInt(4));
        }
        for (final String algorithm : ALGORITHMS)
        {
            final byte[] compressed = compress(algorithm, data);
            final Preprocessor pre = Interceptors.preprocessor("decompress", Map.of("algorithm", algorithm));
            final Chunks out = new Chunks();
            // truncated
            assertEquals(Preprocessor.ERROR, pre.process(0, compressed, 0, compressed.length / 2, out), algorithm);
            assertTrue(pre.errorMessage().startsWith("invalid " + algorithm + " data"), pre.errorMessage());
            // corrupted in the middle (checksums or structure catch it)
            final byte[] corrupt = compressed.clone();
            for (int i = corrupt.length / 3; i < corrupt.length / 3 + 16; i++)
            {
                corrupt[i] ^= 0x5A;
            }
            final int status = pre.process(0, corrupt, 0, corrupt.length, out);
            if (status == Preprocessor.OK)
            {
                // a format without a checksum over the data may decode to other bytes, never to a crash
                assertTrue(algorithm.equals("snappy") || algorithm.equals("lz4"), algorithm + " accepted corrupt data");
            }
            else
            {
                assertNotNull(pre.errorMessage());
            }
            // not compressed at all
            final byte[] garbage = "definitely not compressed".getBytes();
            assertEquals(Preprocessor.ERROR, pre.process(0, garbage, 0, garbage.length, out), algorithm);
        }
    }

    @Test
    void shouldPassUnknownDataThroughWhenAutodetecting()
    {
        final Preprocessor pre = Interceptors.preprocessor("decompress", Map.of("algorithm", "autodetect"));
        final Chunks out = new Chunks();
        final byte[] plain = "{\"snot\":\"badger\"}".getBytes();
        assertEquals(Preprocessor.OK, pre.process(0, plain, 0, plain.length, out));
        assertArrayEquals(plain, out.joined());
        // a gzip magic on garbage is an error, not a pass-through
        final byte[] fake = {0x1F, (byte)0x8B, 1, 2, 3, 4, 5, 6};
        assertEquals(Preprocessor.ERROR, pre.process(0, fake, 0, fake.length, out));
        assertTrue(pre.errorMessage().startsWith("invalid gzip data"), pre.errorMessage());
    }

    @Test
    void shouldRefuseBrotliAndUnknownAlgorithmsWithTheReason()
    {
        final IllegalArgumentException br = assertThrows(IllegalArgumentException.class,
            () -> Interceptors.preprocessor("decompress", Map.of("algorithm", "br")));
        assertTrue(br.getMessage().contains("br (brotli) algorithm is not supported"), br.getMessage());
        assertThrows(IllegalArgumentException.class,
            () -> Interceptors.postprocessor("compress", Map.of("algorithm", "br")));
        final IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
            () -> Interceptors.postprocessor("compress", Map.of("algorithm", "snot")));
        assertEquals("compress Invalid config: Unknown compression algorithm: snot", unknown.getMessage());
        assertEquals("compress Invalid config: Missing algorithm", assertThrows(IllegalArgumentException.class,
            () -> Interceptors.postprocessor("compress", Map.of())).getMessage());
    }

    @Test
    void shouldCheckLevelsAsTremorWhenCompressing()
    {
        for (final Object[] valid : new Object[][] {{"xz2", 0L}, {"xz2", 9L}, {"zstd", -7L}, {"zstd", 22L},
            {"lz4", 0L}, {"lz4", 9L}})
        {
            final byte[] data = "snot badger snot badger".getBytes();
            final Postprocessor post = Interceptors.postprocessor("compress",
                Map.of("algorithm", valid[0], "level", valid[1]));
            final Chunks out = new Chunks();
            assertEquals(Postprocessor.OK, post.process(0, data, 0, data.length, out), post::errorMessage);
            final Chunks back = new Chunks();
            final byte[] c = out.list.get(0);
            assertEquals(Preprocessor.OK, Interceptors.preprocessor("decompress", null).process(0, c, 0, c.length, back));
            assertArrayEquals(data, back.joined());
        }
        for (final Object[] invalid : new Object[][] {{"xz2", 10L}, {"zstd", 23L}, {"zstd", -8L}, {"lz4", -1L},
            {"gzip", 5L}})
        {
            final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Interceptors.postprocessor("compress", Map.of("algorithm", invalid[0], "level", invalid[1])));
            assertTrue(e.getMessage().startsWith("compress Invalid config: "), e.getMessage());
        }
    }

    @Test
    void shouldProduceOneReadableStreamWhenStreamingCompress()
    {
        final Random random = new Random(3);
        for (final String algorithm : ALGORITHMS)
        {
            // given many small chunks through one stream
            final Postprocessor post = Interceptors.postprocessor("streaming-compress", Map.of("algorithm", algorithm));
            final Chunks out = new Chunks();
            final ByteArrayOutputStream expected = new ByteArrayOutputStream();
            for (int i = 0; i < 2000; i++)
            {
                final byte[] line = ("{\"n\":" + random.nextInt() + "}\n").getBytes();
                expected.writeBytes(line);
                assertEquals(Postprocessor.OK, post.process(0, line, 0, line.length, out));
            }

            // when the stream ends
            assertEquals(Postprocessor.OK, post.finish(0, out));

            // then the pieces are one compressed document
            final byte[] whole = out.joined();
            final Chunks back = new Chunks();
            final Preprocessor pre = Interceptors.preprocessor("decompress", null);
            assertEquals(Preprocessor.OK, pre.process(0, whole, 0, whole.length, back), pre::errorMessage);
            assertArrayEquals(expected.toByteArray(), back.joined(), algorithm);
        }
    }

    @Test
    void shouldFindTheAlgorithmByFileExtension()
    {
        assertEquals(Compression.XZ, Compression.byExtension("data.json.xz"));
        assertEquals(Compression.GZIP, Compression.byExtension("a.GZ"));
        assertEquals(Compression.ZSTD, Compression.byExtension("x.zst"));
        assertEquals(Compression.LZ4, Compression.byExtension("x.lz4"));
        assertEquals(Compression.SNAPPY, Compression.byExtension("x.sz"));
        assertEquals(Compression.NONE, Compression.byExtension("x.json"));
        assertEquals(Compression.NONE, Compression.byExtension("noext"));
    }
}
