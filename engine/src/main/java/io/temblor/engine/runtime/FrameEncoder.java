package io.temblor.engine.runtime;

import io.temblor.engine.codec.Codec;
import io.temblor.json.JsonError;
import io.temblor.json.JsonParser;
import io.temblor.offheap.ByteSink;
import io.temblor.script.value.Arena;
import io.temblor.script.value.ValueContext;
import io.temblor.script.value.ValueWriter;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Encodes an event frame with a sink's codec into reused byte storage. A JSON frame: as it is when there is no codec
 * (plain JSON), else parsed into a tape and encoded. A {@link PipelineAgent#BINARY} frame (the raw bytes of one binary
 * value): its bytes as they are for the {@code binary} codec, a JSON string of their base64 when there is no codec
 * (Tremor's JSON form of bytes), else the binary value encoded by the codec. Allocates nothing per frame once its
 * buffers have grown.
 */
final class FrameEncoder implements AutoCloseable
{
    private final Codec codec;
    /** The {@code binary} codec writes a binary's bytes as they are: a binary frame is copied without a value. */
    private final boolean rawBinary;
    private final JsonParser parser = new JsonParser();
    private final Arena arena = new Arena(64 * 1024);
    private final ValueContext ctx = new ValueContext(arena);
    private final ByteSink sink = new ByteSink(4096);
    private final long[] v = new long[2];
    private ValueWriter base64;
    private byte[] bytes = new byte[4096];
    private String error;

    FrameEncoder(final Codec codec)
    {
        this.codec = codec;
        this.rawBinary = null != codec && "binary".equals(codec.name());
    }

    /**
     * Encodes a frame, followed by {@code suffix} when it is not negative.
     *
     * @param type the frame's type (its {@link PipelineAgent#BINARY} flag tells a binary frame).
     * @param memory the frame's memory.
     * @param offset where it starts.
     * @param length its length.
     * @param suffix a byte appended (a newline), or -1.
     * @return the encoded length in {@link #bytes()}, or -1 when the frame does not parse or encode.
     */
    int encode(final int type, final MemorySegment memory, final long offset, final int length, final int suffix)
    {
        final boolean binary = (type & PipelineAgent.BINARY) != 0;
        if (binary ? rawBinary : null == codec)
        {
            // plain JSON, or a binary's bytes for the binary codec: one copy, straight from the ring
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
        arena.reset();
        if (binary)
        {
            ctx.newBinary(memory, offset, length, v, 0);
        }
        else
        {
            if (parser.parse(memory, offset, length) != JsonError.OK)
            {
                error = "the frame is not JSON: " + JsonError.message(parser.errorCode());
                return -1;
            }
            ctx.event(parser.tape());
            ctx.root(v, 0);
        }
        if (null == codec)
        {
            if (null == base64)
            {
                base64 = new ValueWriter(true);
            }
            base64.write(ctx, v[0], v[1], sink);
        }
        else if (codec.encode(ctx, v[0], v[1], sink) != Codec.OK)
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
