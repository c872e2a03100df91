package io.temblor.engine.runtime;

import io.temblor.engine.codec.Codec;
import io.temblor.json.JsonError;
import io.temblor.json.JsonParser;
import io.temblor.offheap.ByteSink;
import io.temblor.script.value.Arena;
import io.temblor.script.value.ValueContext;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Encodes a JSON event frame with a sink's codec into reused byte storage: the frame as it is when there is no codec
 * (plain JSON), else parsed into a tape and encoded. Allocates nothing per frame once its buffers have grown.
 */
final class FrameEncoder implements AutoCloseable
{
    private final Codec codec;
    private final JsonParser parser = new JsonParser();
    private final Arena arena = new Arena(64 * 1024);
    private final ValueContext ctx = new ValueContext(arena);
    private final ByteSink sink = new ByteSink(4096);
    private final long[] v = new long[2];
    private byte[] bytes = new byte[4096];
    private String error;

    FrameEncoder(final Codec codec)
    {
        this.codec = codec;
    }

    /**
     * Encodes a frame, followed by {@code suffix} when it is not negative.
     *
     * @param memory the frame's memory.
     * @param offset where it starts.
     * @param length its length.
     * @param suffix a byte appended (a newline), or -1.
     * @return the encoded length in {@link #bytes()}, or -1 when the frame does not parse or encode.
     */
    int encode(final MemorySegment memory, final long offset, final int length, final int suffix)
    {
        if (null == codec)
        {
            // plain JSON: one copy, straight from the ring into the bytes handed to the stream
            final int n = length + (suffix >= 0 ? 1 : 0);
            if (bytes.length < n)
            {
                bytes = new byte[Math.max(n, bytes.length * 2)];
            }
            MemorySegment.copy(memory, ValueLayout.JAVA_BYTE, offset, bytes, 0, length);
            if (suffix >= 0)
            {
                bytes[length] = (byte)suffix;
            }
            return n;
        }
        sink.reset();
        if (parser.parse(memory, offset, length) != JsonError.OK)
        {
            error = "the frame is not JSON: " + JsonError.message(parser.errorCode());
            return -1;
        }
        arena.reset();
        ctx.event(parser.tape());
        ctx.root(v, 0);
        if (codec.encode(ctx, v[0], v[1], sink) != Codec.OK)
        {
            error = codec.errorMessage();
            return -1;
        }
        if (suffix >= 0)
        {
            sink.writeByte(suffix);
        }
        final int n = (int)sink.position();
        if (bytes.length < n)
        {
            bytes = new byte[Math.max(n, bytes.length * 2)];
        }
        sink.copyTo(bytes, 0);
        return n;
    }

    /**
     * Why the last {@link #encode} returned -1.
     *
     * @return the reason.
     */
    String errorMessage()
    {
        return error;
    }

    /**
     * The last encoding (valid until the next {@link #encode}).
     *
     * @return the buffer.
     */
    byte[] bytes()
    {
        return bytes;
    }

    @Override
    public void close()
    {
        parser.close();
        sink.close();
        arena.close();
    }
}
