package io.temblor.offheap;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;

/**
 * A growable off-heap byte output: bytes are appended at {@link #position()} into an {@link ExpandableSegment}, which
 * grows only when a write needs more room than any before; {@link #reset()} rewinds without freeing. Zero allocation
 * in steady state (copies out go through a reused scratch array or a reused buffer view). Not thread safe: one owner
 * thread writes, reads and resets it.
 */
public final class ByteSink implements AutoCloseable
{
    /** Capacity used by {@link #ByteSink()}. */
    public static final int DEFAULT_INITIAL_CAPACITY_BYTES = 4096;

    private static final int SCRATCH_BYTES = 8192;

    private final ExpandableSegment buffer;
    private MemorySegment segment;
    private long position;
    private byte[] scratch;
    private MemorySegment viewSegment;
    private ByteBuffer view;

    /** A sink with {@link #DEFAULT_INITIAL_CAPACITY_BYTES}. */
    public ByteSink()
    {
        this(DEFAULT_INITIAL_CAPACITY_BYTES);
    }

    /**
     * A sink with a first capacity.
     *
     * @param initialCapacityBytes first capacity in bytes.
     */
    public ByteSink(final long initialCapacityBytes)
    {
        buffer = new ExpandableSegment(initialCapacityBytes);
        segment = buffer.segment();
    }

    /**
     * Bytes written since the last reset.
     *
     * @return the write position.
     */
    public long position()
    {
        return position;
    }

    /**
     * Moves the write position, e.g. after writing directly into {@link #reserve(long)}'s segment.
     *
     * @param newPosition the new position, at most {@link #capacity()}.
     * @return this.
     */
    public ByteSink position(final long newPosition)
    {
        if (newPosition < 0 || newPosition > segment.byteSize())
        {
            throw new IndexOutOfBoundsException("position " + newPosition + " capacity " + segment.byteSize());
        }
        position = newPosition;
        return this;
    }

    /**
     * Current capacity in bytes.
     *
     * @return the capacity.
     */
    public long capacity()
    {
        return segment.byteSize();
    }

    /**
     * Rewinds to position 0, keeping the memory.
     *
     * @return this.
     */
    public ByteSink reset()
    {
        position = 0;
        return this;
    }

    /**
     * The segment holding the bytes; the first {@link #position()} bytes are valid. Invalid after the next growth.
     *
     * @return the segment.
     */
    public MemorySegment segment()
    {
        return segment;
    }

    /**
     * Makes room for {@code bytes} more bytes after the position and returns the segment to write them into directly
     * (then advance with {@link #position(long)}).
     *
     * @param bytes bytes about to be written.
     * @return the segment, valid until the next growth.
     */
    public MemorySegment reserve(final long bytes)
    {
        final long required = position + bytes;
        if (required > segment.byteSize())
        {
            segment = buffer.ensureCapacity(required);
        }
        return segment;
    }

    /**
     * Appends one byte.
     *
     * @param b the byte (low 8 bits).
     * @return this.
     */
    public ByteSink writeByte(final int b)
    {
        final long p = position;
        if (p >= segment.byteSize())
        {
            segment = buffer.ensureCapacity(p + 1);
        }
        segment.set(ValueLayout.JAVA_BYTE, p, (byte)b);
        position = p + 1;
        return this;
    }

    /**
     * Appends bytes of an array.
     *
     * @param src source.
     * @param offset first byte.
     * @param length byte count.
     * @return this.
     */
    public ByteSink write(final byte[] src, final int offset, final int length)
    {
        final MemorySegment dst = reserve(length);
        MemorySegment.copy(src, offset, dst, ValueLayout.JAVA_BYTE, position, length);
        position += length;
        return this;
    }

    /**
     * Appends bytes of a segment.
     *
     * @param src source.
     * @param offset first byte.
     * @param length byte count.
     * @return this.
     */
    public ByteSink write(final MemorySegment src, final long offset, final long length)
    {
        final MemorySegment dst = reserve(length);
        MemorySegment.copy(src, offset, dst, position, length);
        position += length;
        return this;
    }

    /**
     * Copies the written bytes into an array.
     *
     * @param dst destination with room for {@link #position()} bytes after {@code offset}.
     * @param offset first index in dst.
     * @return bytes copied.
     */
    public int copyTo(final byte[] dst, final int offset)
    {
        final int n = Math.toIntExact(position);
        MemorySegment.copy(segment, ValueLayout.JAVA_BYTE, 0, dst, offset, n);
        return n;
    }

    /**
     * A new array with the written bytes (allocates; for tests and cold paths).
     *
     * @return the bytes.
     */
    public byte[] toByteArray()
    {
        final byte[] bytes = new byte[Math.toIntExact(position)];
        copyTo(bytes, 0);
        return bytes;
    }

    /**
     * Writes the written bytes to a stream through a reused scratch array.
     *
     * @param out the stream.
     * @throws IOException from the stream.
     */
    public void writeTo(final OutputStream out) throws IOException
    {
        if (scratch == null)
        {
            scratch = new byte[SCRATCH_BYTES];
        }
        final byte[] chunk = scratch;
        long p = 0;
        while (p < position)
        {
            final int n = (int)Math.min(chunk.length, position - p);
            MemorySegment.copy(segment, ValueLayout.JAVA_BYTE, p, chunk, 0, n);
            out.write(chunk, 0, n);
            p += n;
        }
    }

    /**
     * Writes all written bytes to a channel (looping until done) through a reused buffer view of the segment.
     *
     * @param channel the channel.
     * @return bytes written.
     * @throws IOException from the channel.
     */
    public long writeTo(final WritableByteChannel channel) throws IOException
    {
        if (viewSegment != segment)
        {
            view = segment.asByteBuffer();
            viewSegment = segment;
        }
        final ByteBuffer buf = view;
        buf.clear();
        buf.limit(Math.toIntExact(position));
        long written = 0;
        while (buf.hasRemaining())
        {
            written += channel.write(buf);
        }
        return written;
    }

    /** Frees the native memory. */
    @Override
    public void close()
    {
        buffer.close();
        segment = MemorySegment.NULL;
        view = null;
        viewSegment = null;
    }
}
