package io.temblor.transport;

import org.agrona.collections.IntArrayQueue;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;

/**
 * Outbound frames of one TCP connection that the kernel has not taken yet, in direct memory, with each frame's length
 * so that a frame cut by a lost connection can be sent again whole on the next one. Owned by one agent.
 */
final class SendBuffer
{
    private final ByteBuffer buffer;
    private final MemorySegment segment;
    private final IntArrayQueue frameLengths = new IntArrayQueue(64, -1);
    private final int capacity;
    private int start;
    private int end;
    private int headSentBytes;

    SendBuffer(final int capacityBytes)
    {
        capacity = capacityBytes;
        buffer = ByteBuffer.allocateDirect(capacityBytes);
        segment = MemorySegment.ofBuffer(buffer);
    }

    int capacity()
    {
        return capacity;
    }

    boolean isEmpty()
    {
        return start == end && frameLengths.isEmpty();
    }

    int frames()
    {
        return frameLengths.size();
    }

    /** @return the length of the oldest frame (call when not empty, with no part of it written). */
    int headLength()
    {
        return frameLengths.peekInt();
    }

    /** @return where the oldest frame starts in {@link #segment()}. */
    long headOffset()
    {
        return start;
    }

    /** @return the buffer's memory. */
    MemorySegment segment()
    {
        return segment;
    }

    /** Forgets the oldest frame (reported elsewhere instead of written). */
    void dropHead()
    {
        start += frameLengths.pollInt();
        if (start == end)
        {
            start = 0;
            end = 0;
        }
    }

    /**
     * Copies a frame in.
     *
     * @return false when there is no room for it now.
     */
    boolean append(final MemorySegment source, final long offset, final int length)
    {
        if (length > capacity - (end - start))
        {
            return false;
        }
        if (capacity - end < length)
        {
            MemorySegment.copy(segment, start, segment, 0, end - start);
            end -= start;
            start = 0;
        }
        MemorySegment.copy(source, offset, segment, end, length);
        end += length;
        frameLengths.addInt(length);
        return true;
    }

    /**
     * Writes what the channel takes.
     *
     * @return bytes written.
     * @throws IOException when the connection failed.
     */
    int flush(final WritableByteChannel channel) throws IOException
    {
        if (start == end)
        {
            dropEmptyFrames();
            return 0;
        }
        buffer.limit(end).position(start);
        final int written = channel.write(buffer);
        start += written;
        int left = written;
        while (!frameLengths.isEmpty())
        {
            final int rest = frameLengths.peekInt() - headSentBytes;
            if (rest > left)
            {
                headSentBytes += left;
                break;
            }
            left -= rest;
            frameLengths.pollInt();
            headSentBytes = 0;
        }
        if (start == end)
        {
            start = 0;
            end = 0;
        }
        return written;
    }

    /** Forgets the part of the first frame already written, so that it goes out whole again. */
    int rewindPartialFrame()
    {
        final int rewound = headSentBytes;
        start -= headSentBytes;
        headSentBytes = 0;
        return rewound;
    }

    /**
     * Drops everything.
     *
     * @return the frames dropped, including one partly written.
     */
    int clear()
    {
        final int frames = frameLengths.size();
        frameLengths.clear();
        start = 0;
        end = 0;
        headSentBytes = 0;
        return frames;
    }

    private void dropEmptyFrames()
    {
        while (!frameLengths.isEmpty() && frameLengths.peekInt() == 0)
        {
            frameLengths.pollInt();
        }
    }
}
