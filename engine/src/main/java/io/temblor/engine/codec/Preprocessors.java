package io.temblor.engine.codec;

import java.util.Base64;

/** Tremor's preprocessors; {@link Interceptors#preprocessor} builds them from a name and config. */
final class Preprocessors
{
    private Preprocessors()
    {
    }

    /** Base class keeping the last error. */
    abstract static class Base extends InterceptorBase implements Preprocessor
    {
    }

    /**
     * {@code separate}: splits on a one-byte {@code separator} (default newline). Buffered (the default), the bytes
     * after the last separator wait for the next chunk and are emitted by {@link #finish}; unbuffered, each chunk's
     * tail is emitted as is. With {@code max_length} > 0 a longer fragment is discarded and reported as
     * {@link #ERROR} after the valid fragments of the chunk are emitted (Tremor drops such fragments silently, or
     * fails the whole chunk when the buffered tail overflows).
     */
    static final class Separate extends Base
    {
        private final byte separator;
        private final int maxLength;
        private final boolean buffered;
        private final Bytes buffer;
        private String discarded;

        Separate(final byte separator, final int maxLength, final boolean buffered)
        {
            this.separator = separator;
            this.maxLength = maxLength;
            this.buffered = buffered;
            this.buffer = new Bytes(maxLength > 0 ? maxLength : 8192);
        }

        @Override
        public String name()
        {
            return "separate";
        }

        private boolean exceeds(final long length)
        {
            return maxLength > 0 && length > maxLength;
        }

        private void discard(final int fragment, final long total)
        {
            if (discarded == null)
            {
                discarded = "Discarded fragment of length " + fragment + " since total length of " + total +
                    " exceeds maximum allowed length of " + maxLength;
            }
        }

        @Override
        public int process(final long ingestNs, final byte[] data, final int offset, final int length,
            final ChunkHandler out)
        {
            discarded = null;
            final int end = offset + length;
            final byte sep = separator;
            int last = offset;
            for (int i = Text.indexOf(data, offset, end, sep); i >= 0; i = Text.indexOf(data, i + 1, end, sep))
            {
                final int n = i - last;
                if (buffered && buffer.length > 0)
                {
                    final long total = (long)buffer.length + n;
                    if (exceeds(total))
                    {
                        discard(n, total);
                    }
                    else
                    {
                        buffer.add(data, last, n);
                        out.onChunk(ingestNs, buffer.data, 0, buffer.length);
                    }
                    buffer.clear();
                }
                else if (exceeds(n))
                {
                    discard(n, n);
                }
                else
                {
                    out.onChunk(ingestNs, data, last, n);
                }
                last = i + 1;
            }
            final int tail = end - last;
            if (buffered)
            {
                final long total = (long)buffer.length + tail;
                if (exceeds(total))
                {
                    buffer.clear();
                    discard(tail, total);
                }
                else
                {
                    buffer.add(data, last, tail);
                }
            }
            else if (exceeds(tail))
            {
                discard(tail, tail);
            }
            else
            {
                out.onChunk(ingestNs, data, last, tail);
            }
            return discarded == null ? ok() : fail(discarded);
        }

        @Override
        public int finish(final long ingestNs, final ChunkHandler out)
        {
            if (buffer.length > 0)
            {
                out.onChunk(ingestNs, buffer.data, 0, buffer.length);
                buffer.clear();
            }
            return ok();
        }
    }

    /** {@code remove-empty}: drops empty chunks. */
    static final class RemoveEmpty extends Base
    {
        @Override
        public String name()
        {
            return "remove-empty";
        }

        @Override
        public int process(final long ingestNs, final byte[] data, final int offset, final int length,
            final ChunkHandler out)
        {
            if (length > 0)
            {
                out.onChunk(ingestNs, data, offset, length);
            }
            return ok();
        }
    }

    /**
     * {@code length-prefixed} (a big-endian u64 length, then that many bytes) and {@code textual-length-prefixed}
     * (decimal digits, one ASCII whitespace byte, then the bytes). Frames may span chunks. A length above
     * {@code max_length} (default and upper bound 2^31 - 64) or a non-numeric textual length is {@link #ERROR} and
     * drops the buffered input, as the stream cannot be resynchronised; bytes left at {@link #finish} are a truncated
     * frame, also {@link #ERROR}. Tremor reads a binary length only once more than 8 bytes are buffered; here 8 are
     * enough (so a trailing empty frame is emitted).
     */
    static final class LengthPrefixed extends Base
    {
        static final int MAX_FRAME = Integer.MAX_VALUE - 64;

        private final boolean textual;
        private final int maxLength;
        private final Bytes buffer = new Bytes(8192);
        private int frameLength = -1;

        LengthPrefixed(final boolean textual, final int maxLength)
        {
            this.textual = textual;
            this.maxLength = maxLength > 0 ? Math.min(maxLength, MAX_FRAME) : MAX_FRAME;
        }

        @Override
        public String name()
        {
            return textual ? "textual-length-prefixed" : "length-prefixed";
        }

        @Override
        public int process(final long ingestNs, final byte[] data, final int offset, final int length,
            final ChunkHandler out)
        {
            buffer.add(data, offset, length);
            int start = 0;
            int status = OK;
            while (true)
            {
                final int available = buffer.length - start;
                if (frameLength >= 0)
                {
                    if (available < frameLength)
                    {
                        break;
                    }
                    out.onChunk(ingestNs, buffer.data, start, frameLength);
                    start += frameLength;
                    frameLength = -1;
                    continue;
                }
                final long len;
                if (textual)
                {
                    int ws = -1;
                    for (int i = start; i < buffer.length; i++)
                    {
                        if (isAsciiWhitespace(buffer.data[i]))
                        {
                            ws = i;
                            break;
                        }
                    }
                    if (ws < 0)
                    {
                        if (available > 10)
                        {
                            status = fail("textual length prefix is not a u32: no whitespace in the first 11 bytes");
                            start = buffer.length;
                        }
                        break;
                    }
                    len = parseU32(buffer.data, start, ws);
                    if (len < 0)
                    {
                        status = fail("textual length prefix is not a u32");
                        start = buffer.length;
                        break;
                    }
                    start = ws + 1;
                }
                else
                {
                    if (available < 8)
                    {
                        break;
                    }
                    long v = 0;
                    for (int i = 0; i < 8; i++)
                    {
                        v = v << 8 | buffer.data[start + i] & 0xFF;
                    }
                    len = v;
                    start += 8;
                }
                if (len < 0 || len > maxLength)
                {
                    status = fail("frame length " + Long.toUnsignedString(len) + " exceeds the maximum of " +
                        maxLength);
                    start = buffer.length;
                    break;
                }
                frameLength = (int)len;
            }
            buffer.consume(start);
            return status == OK ? ok() : status;
        }

        private static long parseU32(final byte[] b, final int from, final int to)
        {
            if (from == to || to - from > 10)
            {
                return -1;
            }
            long v = 0;
            for (int i = from; i < to; i++)
            {
                final int d = b[i] - '0';
                if (d < 0 || d > 9)
                {
                    return -1;
                }
                v = v * 10 + d;
            }
            return v > 0xFFFF_FFFFL ? -1 : v;
        }

        @Override
        public int finish(final long ingestNs, final ChunkHandler out)
        {
            if (buffer.length > 0 || frameLength > 0)
            {
                final String message = "truncated frame at end of stream: " + buffer.length + " bytes buffered" +
                    (frameLength >= 0 ? " of " + frameLength : "");
                buffer.clear();
                frameLength = -1;
                return fail(message);
            }
            if (frameLength == 0)
            {
                out.onChunk(ingestNs, buffer.data, 0, 0);
                frameLength = -1;
            }
            return ok();
        }
    }

    static boolean isAsciiWhitespace(final byte c)
    {
        // Rust's u8::is_ascii_whitespace: space, \t, \n, \x0C, \r (not \x0B)
        return c == ' ' || c == '\t' || c == '\n' || c == 0x0C || c == '\r';
    }

    /** {@code base64}: decodes each chunk (standard alphabet; allocates a buffer per chunk). */
    static final class Base64Decode extends Base
    {
        private final Base64.Decoder decoder = Base64.getDecoder();
        private byte[] decoded = new byte[1024];

        @Override
        public String name()
        {
            return "base64";
        }

        @Override
        public int process(final long ingestNs, final byte[] data, final int offset, final int length,
            final ChunkHandler out)
        {
            try
            {
                final java.nio.ByteBuffer result = decoder.decode(java.nio.ByteBuffer.wrap(data, offset, length));
                final int n = result.remaining();
                if (decoded.length < n)
                {
                    decoded = new byte[Math.max(n, decoded.length * 2)];
                }
                result.get(decoded, 0, n);
                out.onChunk(ingestNs, decoded, 0, n);
                return ok();
            }
            catch (final IllegalArgumentException e)
            {
                return fail("invalid base64: " + e.getMessage());
            }
        }
    }

    /**
     * {@code decompress}: {@code algorithm} {@code gzip} (multi-member), {@code zlib}, {@code xz2}, {@code snappy}
     * (framed), {@code lz4} (frame), {@code zstd}, or {@code autodetect} (the default: by magic bytes, see
     * {@link Compression#detect}; anything else passes through as Tremor passes unknown data). Each chunk is one
     * complete compressed document; corrupt or truncated data is {@link #ERROR} with the reason.
     */
    static final class Decompress extends Base
    {
        private final int algorithm;
        private final Bytes result = new Bytes(8192);
        private final byte[] scratch = new byte[8192];

        Decompress(final int algorithm)
        {
            this.algorithm = algorithm;
        }

        @Override
        public String name()
        {
            return "decompress";
        }

        @Override
        public int process(final long ingestNs, final byte[] data, final int offset, final int length,
            final ChunkHandler out)
        {
            int kind = algorithm;
            if (kind == Compression.NONE)
            {
                kind = Compression.detect(data, offset, length);
                if (kind == Compression.NONE)
                {
                    out.onChunk(ingestNs, data, offset, length);
                    return ok();
                }
                final String unavailable = Compression.unavailable(kind);
                if (unavailable != null)
                {
                    return fail(unavailable);
                }
            }
            final String error = Compression.decompress(kind, data, offset, length, result, scratch);
            if (error != null)
            {
                return fail(error);
            }
            out.onChunk(ingestNs, result.data, 0, result.length);
            return ok();
        }
    }

    /** {@code ingest-ns}: the first 8 bytes (big-endian u64) become the chunk's ingest time. */
    static final class IngestNs extends Base
    {
        @Override
        public String name()
        {
            return "ingest-ns";
        }

        @Override
        public int process(final long ingestNs, final byte[] data, final int offset, final int length,
            final ChunkHandler out)
        {
            if (length < 8)
            {
                return fail("Extract Ingest Ts Preprocessor: < 8 byte");
            }
            long v = 0;
            for (int i = 0; i < 8; i++)
            {
                v = v << 8 | data[offset + i] & 0xFF;
            }
            out.onChunk(v, data, offset + 8, length - 8);
            return ok();
        }
    }
}
