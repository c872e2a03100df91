package io.temblor.engine.codec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Base64;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;

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
     * {@code compress} with {@code algorithm} {@code gzip} or {@code zlib} (also registered under those names): each
     * chunk compressed as one document by java.util.zip (default level); decompresses to the same bytes as Tremor's
     * libflate output, but the compressed bytes differ.
     */
    static final class Compress extends Base
    {
        private final boolean gzip;
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(8192);

        Compress(final boolean gzip)
        {
            this.gzip = gzip;
        }

        @Override
        public String name()
        {
            return gzip ? "gzip" : "zlib";
        }

        @Override
        public int process(final long ingestNs, final byte[] data, final int offset, final int length,
            final ChunkHandler handler)
        {
            buffer.reset();
            try (DeflaterOutputStream out = gzip ? new GZIPOutputStream(buffer) : new DeflaterOutputStream(buffer))
            {
                out.write(data, offset, length);
            }
            catch (final IOException e)
            {
                return fail("compression failed: " + e.getMessage());
            }
            final byte[] bytes = buffer.toByteArray();
            handler.onChunk(ingestNs, bytes, 0, bytes.length);
            return ok();
        }
    }
}
