package io.temblor.engine.codec;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Base64;

/** Tremor's postprocessors; {@link Interceptors#postprocessor} builds them from a name and config. */
final class Postprocessors
{
    private Postprocessors()
    {
    }

    /** Base class keeping the last error. */
    abstract static class Base extends InterceptorBase implements Postprocessor
    {
    }

    /** {@code separate}: appends the one-byte {@code separator} (default newline) to each chunk. */
    static final class Separate extends Base
    {
        private final byte separator;
        private final Bytes out = new Bytes(8192);

        Separate(final byte separator)
        {
            this.separator = separator;
        }

        @Override
        public String name()
        {
            return "separate";
        }

        @Override
        public int process(final long ingestNs, final byte[] data, final int offset, final int length,
            final ChunkHandler handler)
        {
            out.clear();
            out.add(data, offset, length).add(separator);
            handler.onChunk(ingestNs, out.data, 0, out.length);
            return ok();
        }
    }

    /** {@code length-prefixed} (big-endian u64 length first) and {@code textual-length-prefixed} (decimal, space). */
    static final class LengthPrefixed extends Base
    {
        private final boolean textual;
        private final Bytes out = new Bytes(8192);

        LengthPrefixed(final boolean textual)
        {
            this.textual = textual;
        }

        @Override
        public String name()
        {
            return textual ? "textual-length-prefixed" : "length-prefixed";
        }

        @Override
        public int process(final long ingestNs, final byte[] data, final int offset, final int length,
            final ChunkHandler handler)
        {
            final Bytes o = out;
            o.clear();
            if (textual)
            {
                final String digits = Integer.toString(length);
                for (int i = 0; i < digits.length(); i++)
                {
                    o.add(digits.charAt(i));
                }
                o.add(' ');
            }
            else
            {
                for (int i = 7; i >= 0; i--)
                {
                    o.add((int)((long)length >>> 8 * i));
                }
            }
            o.add(data, offset, length);
            handler.onChunk(ingestNs, o.data, 0, o.length);
            return ok();
        }
    }

    /** {@code base64}: encodes each chunk (standard alphabet, padded). */
    static final class Base64Encode extends Base
    {
        private final Base64.Encoder encoder = Base64.getEncoder();
        private byte[] encoded = new byte[1024];

        @Override
        public String name()
        {
            return "base64";
        }

        @Override
        public int process(final long ingestNs, final byte[] data, final int offset, final int length,
            final ChunkHandler handler)
        {
            final int n = (length + 2) / 3 * 4;
            if (encoded.length < n)
            {
                encoded = new byte[Math.max(n, encoded.length * 2)];
            }
            final java.nio.ByteBuffer result = encoder.encode(java.nio.ByteBuffer.wrap(data, offset, length));
            result.get(encoded, 0, n);
            handler.onChunk(ingestNs, encoded, 0, n);
            return ok();
        }
    }

    /**
     * {@code compress}: each chunk compressed as one whole document with {@code algorithm} ({@link Compression}) and
     * the optional {@code level}. The bytes differ from Tremor's (other libraries) but decompress to the same input.
     * Allocates the compressor's stream per chunk.
     */
    static final class Compress extends Base
    {
        private final int algorithm;
        private final int level;
        private final Bytes out = new Bytes(8192);
        private final Compression.BytesOutput stream = new Compression.BytesOutput(out);

        Compress(final int algorithm, final int level)
        {
            this.algorithm = algorithm;
            this.level = level;
        }

        @Override
        public String name()
        {
            return "compress";
        }

        @Override
        public int process(final long ingestNs, final byte[] data, final int offset, final int length,
            final ChunkHandler handler)
        {
            out.clear();
            try (OutputStream c = Compression.compressor(algorithm, level, stream))
            {
                c.write(data, offset, length);
            }
            catch (final IOException | RuntimeException | LinkageError e)
            {
                return fail(Compression.name(algorithm) + " compression failed: " + e.getMessage());
            }
            handler.onChunk(ingestNs, out.data, 0, out.length);
            return ok();
        }
    }

    /**
     * {@code streaming-compress}: one compressed stream over all chunks ({@code algorithm}, {@code level}); each chunk
     * emits what the compressor has produced so far (often nothing), {@link #finish} the rest and the trailer. The
     * stream restarts after a finish.
     */
    static final class StreamingCompress extends Base
    {
        private final int algorithm;
        private final int level;
        private final Bytes out = new Bytes(8192);
        private final Compression.BytesOutput sink = new Compression.BytesOutput(out);
        private OutputStream stream;
        private long lastIngestNs;

        StreamingCompress(final int algorithm, final int level)
        {
            this.algorithm = algorithm;
            this.level = level;
        }

        @Override
        public String name()
        {
            return "streaming-compress";
        }

        @Override
        public int process(final long ingestNs, final byte[] data, final int offset, final int length,
            final ChunkHandler handler)
        {
            lastIngestNs = ingestNs;
            try
            {
                if (stream == null)
                {
                    stream = Compression.compressor(algorithm, level, sink);
                }
                stream.write(data, offset, length);
            }
            catch (final IOException | RuntimeException | LinkageError e)
            {
                stream = null;
                out.clear();
                return fail(Compression.name(algorithm) + " compression failed: " + e.getMessage());
            }
            return drain(ingestNs, handler);
        }

        private int drain(final long ingestNs, final ChunkHandler handler)
        {
            if (out.length > 0)
            {
                handler.onChunk(ingestNs, out.data, 0, out.length);
                out.clear();
            }
            return ok();
        }

        @Override
        public int finish(final long ingestNs, final ChunkHandler handler)
        {
            if (stream == null)
            {
                return ok();
            }
            try
            {
                stream.close();
            }
            catch (final IOException | RuntimeException e)
            {
                out.clear();
                return fail(Compression.name(algorithm) + " compression failed at end of stream: " + e.getMessage());
            }
            finally
            {
                stream = null;
            }
            return drain(lastIngestNs, handler);
        }
    }

    /**
     * {@code chunk}: packs consecutive chunks into outputs of at most {@code max_bytes} (never splitting one); a chunk
     * larger than {@code max_bytes} is discarded and reported as {@link #ERROR} (Tremor logs a warning).
     */
    static final class Chunk extends Base
    {
        private final int maxBytes;
        private final Bytes buffer;
        private final Bytes emitting;

        Chunk(final int maxBytes)
        {
            this.maxBytes = maxBytes;
            this.buffer = new Bytes(Math.min(maxBytes, 1 << 16));
            this.emitting = new Bytes(Math.min(maxBytes, 1 << 16));
        }

        @Override
        public String name()
        {
            return "chunk";
        }

        @Override
        public int process(final long ingestNs, final byte[] data, final int offset, final int length,
            final ChunkHandler handler)
        {
            if (length > maxBytes)
            {
                return fail("[postprocessor::chunk] payload of size " + length + " exceeded max_bytes " + maxBytes +
                    ". Discarding...");
            }
            final long total = (long)buffer.length + length;
            if (total > maxBytes)
            {
                emitting.clear();
                emitting.add(buffer.data, 0, buffer.length);
                buffer.clear();
                buffer.add(data, offset, length);
                handler.onChunk(ingestNs, emitting.data, 0, emitting.length);
            }
            else
            {
                buffer.add(data, offset, length);
                if (total == maxBytes)
                {
                    emitting.clear();
                    emitting.add(buffer.data, 0, buffer.length);
                    buffer.clear();
                    handler.onChunk(ingestNs, emitting.data, 0, emitting.length);
                }
            }
            return ok();
        }

        @Override
        public int finish(final long ingestNs, final ChunkHandler handler)
        {
            if (buffer.length > 0)
            {
                emitting.clear();
                emitting.add(buffer.data, 0, buffer.length);
                buffer.clear();
                handler.onChunk(ingestNs, emitting.data, 0, emitting.length);
            }
            return ok();
        }
    }

    /**
     * {@code collect}: gathers all chunks and emits them as one at {@link #finish}; with {@code max_bytes} > 0 the
     * gathered bytes are emitted first whenever the next chunk would take them beyond it.
     */
    static final class Collect extends Base
    {
        private final int maxBytes;
        private final Bytes buffer = new Bytes(8192);
        private final Bytes emitting = new Bytes(8192);

        Collect(final int maxBytes)
        {
            this.maxBytes = maxBytes;
        }

        @Override
        public String name()
        {
            return "collect";
        }

        @Override
        public int process(final long ingestNs, final byte[] data, final int offset, final int length,
            final ChunkHandler handler)
        {
            if (maxBytes > 0 && (long)buffer.length + length > maxBytes && buffer.length > 0)
            {
                emit(ingestNs, handler);
            }
            buffer.add(data, offset, length);
            return ok();
        }

        private void emit(final long ingestNs, final ChunkHandler handler)
        {
            emitting.clear();
            emitting.add(buffer.data, 0, buffer.length);
            buffer.clear();
            handler.onChunk(ingestNs, emitting.data, 0, emitting.length);
        }

        @Override
        public int finish(final long ingestNs, final ChunkHandler handler)
        {
            if (buffer.length > 0)
            {
                emit(ingestNs, handler);
            }
            return ok();
        }
    }

    /** {@code ingest-ns}: prefixes each chunk with its ingest time as a big-endian u64. */
    static final class IngestNs extends Base
    {
        private final Bytes out = new Bytes(8192);

        @Override
        public String name()
        {
            return "ingest-ns";
        }

        @Override
        public int process(final long ingestNs, final byte[] data, final int offset, final int length,
            final ChunkHandler handler)
        {
            final Bytes o = out;
            o.clear();
            for (int i = 7; i >= 0; i--)
            {
                o.add((int)(ingestNs >>> 8 * i));
            }
            o.add(data, offset, length);
            handler.onChunk(ingestNs, o.data, 0, o.length);
            return ok();
        }
    }
}
