package io.temblor.offheap;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;

/**
 * A single-producer single-consumer ring of event frames in off-heap memory (an Agrona {@link OneToOneRingBuffer}),
 * the link between two agents. A frame is Agrona's record header, then Temblor's frame header, then the payload:
 *
 * <pre>
 *   0                   4                   8                                  16                                  24
 *   | ingest_ns (i64, little endian)         | id (i64, little endian)          | payload (length - 16 bytes) ...
 * </pre>
 *
 * The record's message type carries the port (or frame kind) the sender chose. {@link #offer} returns false when the
 * ring is full (back pressure: the caller keeps the frame and tries again); nothing is dropped silently. Both sides
 * allocate nothing per frame.
 */
public final class EventRing implements MessageHandler
{
    /** Offset of the ingest time in a frame. */
    public static final int INGEST_NS_OFFSET = 0;
    /** Offset of the event id in a frame. */
    public static final int ID_OFFSET = 8;
    /** Length of Temblor's frame header. */
    public static final int HEADER_LENGTH = 16;

    /** Receives frames from {@link #poll}. */
    public interface FrameHandler
    {
        /**
         * One frame.
         *
         * @param type the message type (port or kind) the sender gave.
         * @param ingestNs the event's ingest time.
         * @param id the event's id.
         * @param memory the ring's memory (valid during the call only).
         * @param offset where the payload starts in {@code memory}.
         * @param length the payload's length.
         */
        void onFrame(int type, long ingestNs, long id, MemorySegment memory, long offset, int length);
    }

    private final ByteBuffer memory;
    private final MemorySegment segment;
    private final UnsafeBuffer buffer;
    private final RingBuffer ring;
    private FrameHandler handler;
    private Thread producer;
    private Thread consumer;

    /**
     * A ring.
     *
     * @param capacityBytes the data capacity, a power of two (the trailer Agrona needs is added).
     */
    public EventRing(final int capacityBytes)
    {
        this.memory = ByteBuffer.allocateDirect(capacityBytes + RingBufferDescriptor.TRAILER_LENGTH);
        this.segment = MemorySegment.ofBuffer(memory);
        this.buffer = new UnsafeBuffer(memory);
        this.ring = new OneToOneRingBuffer(buffer);
    }

    /**
     * Writes a frame, copying the payload from {@code source}.
     *
     * @param type the message type (&gt; 0).
     * @param ingestNs the event's ingest time.
     * @param id the event's id.
     * @param source the payload's memory.
     * @param offset where it starts.
     * @param length its length.
     * @return false when the ring has no room now (try again later).
     * @throws IllegalArgumentException when the frame can never fit (longer than the ring's maximum message).
     */
    public boolean offer(final int type, final long ingestNs, final long id, final MemorySegment source, final long offset,
        final int length)
    {
        final int index = claim(type, ingestNs, id, length);
        if (index <= 0)
        {
            return false;
        }
        MemorySegment.copy(source, offset, segment, index + HEADER_LENGTH, length);
        ring.commit(index);
        return true;
    }

    /**
     * Writes a frame, copying the payload from an Agrona buffer (heap or off-heap, e.g. an Aeron term buffer).
     *
     * @param type the message type (&gt; 0).
     * @param ingestNs the event's ingest time.
     * @param id the event's id.
     * @param source the payload's buffer.
     * @param offset where it starts.
     * @param length its length.
     * @return false when the ring has no room now (try again later).
     * @throws IllegalArgumentException when the frame can never fit (longer than the ring's maximum message).
     */
    public boolean offer(final int type, final long ingestNs, final long id, final DirectBuffer source, final int offset,
        final int length)
    {
        final int index = claim(type, ingestNs, id, length);
        if (index <= 0)
        {
            return false;
        }
        buffer.putBytes(index + HEADER_LENGTH, source, offset, length);
        ring.commit(index);
        return true;
    }

    /**
     * Claims room for a frame whose payload the caller writes in place (into {@link #segment()}), then
     * {@link #commit}s; for a payload built straight into the ring instead of copied from elsewhere. The producer
     * thread; a claim must be committed before the next one.
     *
     * @param type the message type (&gt; 0).
     * @param ingestNs the event's ingest time.
     * @param id the event's id.
     * @param length the payload's length.
     * @return the payload's offset in {@link #segment()}, or 0 when the ring has no room now.
     * @throws IllegalArgumentException when the frame can never fit (longer than the ring's maximum message).
     */
    public int tryClaim(final int type, final long ingestNs, final long id, final int length)
    {
        final int index = claim(type, ingestNs, id, length);
        return index <= 0 ? 0 : index + HEADER_LENGTH;
    }

    /**
     * Publishes the frame of a {@link #tryClaim}.
     *
     * @param payloadOffset what {@link #tryClaim} returned.
     */
    public void commit(final int payloadOffset)
    {
        ring.commit(payloadOffset - HEADER_LENGTH);
    }

    /**
     * The ring's memory, to write a claimed payload into.
     *
     * @return the segment.
     */
    public MemorySegment segment()
    {
        return segment;
    }

    /** Claims room for a frame and writes its header; the index to copy the payload to and commit, or 0 for no room. */
    private int claim(final int type, final long ingestNs, final long id, final int length)
    {
        assert oneThread(true);
        final int frameLength = HEADER_LENGTH + length;
        if (frameLength > ring.maxMsgLength())
        {
            throw new IllegalArgumentException("frame of " + frameLength + " bytes is over the ring's maximum of " +
                ring.maxMsgLength());
        }
        final int index = ring.tryClaim(type, frameLength);
        if (index > 0)
        {
            buffer.putLong(index + INGEST_NS_OFFSET, ingestNs);
            buffer.putLong(index + ID_OFFSET, id);
        }
        return Math.max(0, index);
    }

    /**
     * Hands up to {@code limit} frames to the handler, oldest first.
     *
     * @param frameHandler the handler.
     * @param limit the most frames.
     * @return frames handled.
     */
    public int poll(final FrameHandler frameHandler, final int limit)
    {
        assert oneThread(false);
        handler = frameHandler;
        try
        {
            return ring.read(this, limit);
        }
        finally
        {
            handler = null;
        }
    }

    @Override
    public void onMessage(final int msgTypeId, final org.agrona.MutableDirectBuffer buffer, final int index,
        final int length)
    {
        handler.onFrame(msgTypeId, buffer.getLong(index + INGEST_NS_OFFSET), buffer.getLong(index + ID_OFFSET), segment,
            index + HEADER_LENGTH, length - HEADER_LENGTH);
    }

    /**
     * Bytes waiting to be read.
     *
     * @return the backlog.
     */
    public int size()
    {
        return ring.size();
    }

    /**
     * Bytes of data the ring holds when full (its fill is {@link #size()} over this). Any thread.
     *
     * @return the capacity.
     */
    public int capacity()
    {
        return ring.capacity();
    }

    /**
     * Bytes ever written (the producer's position: it only grows), readable from any thread; with {@link #size} it
     * tells a watcher whether frames went through the ring between two looks.
     *
     * @return the position.
     */
    public long producerPosition()
    {
        return ring.producerPosition();
    }

    /**
     * Checks (under {@code -ea}, as in the tests) that one thread only writes the ring and one thread only reads it:
     * the ring is single-producer single-consumer, and a runtime that placed two writers or two readers of one ring
     * on different threads would corrupt it silently.
     */
    private boolean oneThread(final boolean write)
    {
        final Thread current = Thread.currentThread();
        if (write)
        {
            if (null == producer || !producer.isAlive())
            {
                producer = current;
            }
            if (producer != current)
            {
                throw new IllegalStateException("EventRing written by " + current.getName() + " and " + producer.getName() +
                    ": a ring has one producer thread");
            }
        }
        else
        {
            if (null == consumer || !consumer.isAlive())
            {
                consumer = current;
            }
            if (consumer != current)
            {
                throw new IllegalStateException("EventRing read by " + current.getName() + " and " + consumer.getName() +
                    ": a ring has one consumer thread");
            }
        }
        return true;
    }

    /**
     * The largest payload a frame may carry.
     *
     * @return bytes.
     */
    public int maxPayloadLength()
    {
        return ring.maxMsgLength() - HEADER_LENGTH;
    }
}
