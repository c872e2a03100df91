package io.temblor.engine.qos;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The shape mode of {@code qos::token_bucket}: events wait in a bounded off-heap FIFO and leave it at {@code rate} per
 * {@code periodNs} on average and at most {@code burst} at once, so a burst of input becomes a smooth output instead of
 * overflow. The queue is a ring of frames in one direct {@link ByteBuffer}; a frame is an {@code int} header and the
 * event's bytes, padded to {@link #FRAME_ALIGNMENT}:
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                 length (bytes; negative: padding)             |
 *  +---------------------------------------------------------------+
 *  |                 event bytes ... (0-3 bytes of padding)       ...
 *  +---------------------------------------------------------------+
 * </pre>
 * Frames never wrap: a frame that does not fit before the end of the ring starts at offset 0, and the bytes up to the
 * end become padding (a header of minus their count) until the frame before it leaves. So an event of {@code length}
 * bytes needs {@code align(4 + length)} bytes, plus the bytes to the end of the ring when it does not fit there;
 * {@link #offer} returns {@link #FULL} exactly when the bytes in use (frames and padding) plus that need exceed the
 * capacity. An empty ring starts again at offset 0.
 *
 * <p>The bucket holds credit in units of {@code 1 / periodNs} tokens (one token is {@code periodNs} units, a full
 * bucket {@code burst * periodNs}), refilled by {@code rate} units per elapsed ns: integer arithmetic, no drift. It
 * starts full. Each released frame takes one token.
 *
 * <p>Not thread safe: one owner calls {@link #offer} and {@link #poll}. Times are the caller's (ingest or wall clock
 * ns) and must not go backwards (an earlier time adds nothing). Allocation free after construction.
 */
public final class TokenShaper
{
    /** The event is queued. */
    public static final int ACCEPTED = 0;
    /** The queue lacks room for the event: route it to {@code overflow}. */
    public static final int FULL = 1;

    /** Bytes of a frame's length header. */
    public static final int HEADER_LENGTH = 4;
    /** Frames start at multiples of this. */
    public static final int FRAME_ALIGNMENT = 4;
    /** The largest {@code burst * periodNs}, so credit arithmetic cannot overflow. */
    public static final long MAX_CREDIT = 1L << 62;
    /** The largest rate per period. */
    public static final long MAX_RATE = 1L << 31;

    /** Receives released frames. */
    @FunctionalInterface
    public interface FrameHandler
    {
        /**
         * One released frame, valid only during the call; the handler must neither change the buffer nor call
         * {@link #offer} on the shaper. A frame counts as released even when the handler throws.
         *
         * @param buffer the ring.
         * @param offset where the event's bytes start.
         * @param length how many.
         */
        void onFrame(ByteBuffer buffer, int offset, int length);
    }

    private final ByteBuffer buffer;
    /** The same memory as {@link #buffer}, for copies from other segments. */
    private final MemorySegment ring;
    private final int capacity;
    private final long rate;
    private final long periodNs;
    private final long maxCredit;
    private long credit;
    private long lastRefillNs;
    private boolean started;
    private int head;
    private int tail;
    private int usedBytes;
    private int frames;

    /**
     * A shaper with an empty queue and a full bucket.
     *
     * @param capacityBytes ring size, a multiple of {@link #FRAME_ALIGNMENT}, at least {@code 2 * HEADER_LENGTH}.
     * @param rate tokens per period, in {@code [1, MAX_RATE]}.
     * @param periodNs the period in ns, at least 1.
     * @param burst bucket capacity in tokens, at least 1, with {@code burst * periodNs <= MAX_CREDIT}.
     */
    public TokenShaper(final int capacityBytes, final long rate, final long periodNs, final long burst)
    {
        if (capacityBytes < 2 * HEADER_LENGTH || capacityBytes % FRAME_ALIGNMENT != 0)
        {
            throw new IllegalArgumentException(
                "capacityBytes must be a multiple of " + FRAME_ALIGNMENT + " and at least 8: " + capacityBytes);
        }
        if (rate < 1 || rate > MAX_RATE)
        {
            throw new IllegalArgumentException("rate must be in [1, 2^31]: " + rate);
        }
        if (periodNs < 1 || burst < 1 || burst > MAX_CREDIT / periodNs)
        {
            throw new IllegalArgumentException(
                "periodNs and burst must be at least 1 with burst * periodNs <= 2^62: " + periodNs + ", " + burst);
        }
        this.buffer = ByteBuffer.allocateDirect(capacityBytes).order(ByteOrder.LITTLE_ENDIAN);
        this.ring = MemorySegment.ofBuffer(buffer);
        this.capacity = capacityBytes;
        this.rate = rate;
        this.periodNs = periodNs;
        this.maxCredit = burst * periodNs;
        this.credit = maxCredit;
    }

    /**
     * Queues a copy of an event's bytes, if there is room.
     *
     * @param src the bytes.
     * @param offset where they start.
     * @param length how many.
     * @param nowNs the current time (refills the bucket).
     * @return {@link #ACCEPTED} or {@link #FULL}.
     */
    public int offer(final byte[] src, final int offset, final int length, final long nowNs)
    {
        final int at = reserve(length, nowNs);
        if (at < 0)
        {
            return FULL;
        }
        buffer.put(at + HEADER_LENGTH, src, offset, length);
        return ACCEPTED;
    }

    /**
     * Queues a copy of an event's bytes from a segment (native or heap), if there is room.
     *
     * @param src the bytes.
     * @param offset where they start.
     * @param length how many.
     * @param nowNs the current time (refills the bucket).
     * @return {@link #ACCEPTED} or {@link #FULL}.
     */
    public int offer(final MemorySegment src, final long offset, final int length, final long nowNs)
    {
        final int at = reserve(length, nowNs);
        if (at < 0)
        {
            return FULL;
        }
        MemorySegment.copy(src, offset, ring, at + HEADER_LENGTH, length);
        return ACCEPTED;
    }

    /**
     * Takes a token for an event that need not wait: only when nothing is queued (so the FIFO order holds) and a whole
     * token is there. The caller then passes the event on at once instead of offering it, which saves the copy.
     *
     * @param nowNs the current time (refills the bucket).
     * @return true when a token was taken; false: offer the event instead.
     */
    public boolean passIfIdle(final long nowNs)
    {
        refill(nowNs);
        if (frames != 0 || credit < periodNs)
        {
            return false;
        }
        credit -= periodNs;
        return true;
    }

    /**
     * Whether an offer of {@code length} bytes would be accepted now (releases can only make room).
     *
     * @param length the event's byte count.
     * @return false exactly when {@link #offer} would return {@link #FULL}.
     */
    public boolean hasRoomFor(final int length)
    {
        if (length < 0 || length > capacity - HEADER_LENGTH)
        {
            return false;
        }
        final int aligned = align(HEADER_LENGTH + length);
        final int toEnd = frames == 0 ? capacity : capacity - tail;
        final int needed = aligned <= toEnd ? aligned : toEnd + aligned;
        return usedBytes + needed <= capacity;
    }

    /** Writes a frame's header (and any padding before it) and returns where it starts, or -1 when it does not fit. */
    private int reserve(final int length, final long nowNs)
    {
        refill(nowNs);
        if (length < 0 || length > capacity - HEADER_LENGTH)
        {
            return -1;
        }
        final int aligned = align(HEADER_LENGTH + length);
        if (frames == 0)
        {
            head = 0;
            tail = 0;
        }
        final int toEnd = capacity - tail;
        final int needed = aligned <= toEnd ? aligned : toEnd + aligned;
        if (usedBytes + needed > capacity)
        {
            return -1;
        }
        final ByteBuffer buffer = this.buffer;
        int at = tail;
        if (aligned > toEnd)
        {
            buffer.putInt(at, -toEnd);
            at = 0;
        }
        buffer.putInt(at, length);
        final int next = at + aligned;
        tail = next == capacity ? 0 : next;
        usedBytes += needed;
        frames++;
        return at;
    }

    /**
     * Releases the frames that are due at {@code nowNs}, oldest first: as many as there are whole tokens, at most
     * {@code limit}.
     *
     * @param handler receives each frame.
     * @param nowNs the current time.
     * @param limit the most frames to release.
     * @return frames released.
     */
    public int poll(final FrameHandler handler, final long nowNs, final int limit)
    {
        refill(nowNs);
        final ByteBuffer buffer = this.buffer;
        final long periodNs = this.periodNs;
        int released = 0;
        while (released < limit && frames > 0 && credit >= periodNs)
        {
            int at = head;
            int length = buffer.getInt(at);
            if (length < 0)
            {
                usedBytes += length;
                at = 0;
                length = buffer.getInt(0);
            }
            final int aligned = align(HEADER_LENGTH + length);
            final int next = at + aligned;
            head = next == capacity ? 0 : next;
            usedBytes -= aligned;
            frames--;
            credit -= periodNs;
            released++;
            handler.onFrame(buffer, at + HEADER_LENGTH, length);
        }
        return released;
    }

    /**
     * When the oldest queued frame will be due, so an agent can sleep until then.
     *
     * @param nowNs the current time.
     * @return {@code nowNs} if a frame is due now, the time a token will be whole otherwise, {@link Long#MAX_VALUE}
     * when the queue is empty.
     */
    public long nextReleaseNs(final long nowNs)
    {
        if (frames == 0)
        {
            return Long.MAX_VALUE;
        }
        refill(nowNs);
        if (credit >= periodNs)
        {
            return nowNs;
        }
        return lastRefillNs + (periodNs - credit + rate - 1) / rate;
    }

    /**
     * Frames queued.
     *
     * @return the count.
     */
    public int size()
    {
        return frames;
    }

    /**
     * Bytes of the ring in use, padding included.
     *
     * @return the count.
     */
    public int usedBytes()
    {
        return usedBytes;
    }

    /**
     * The ring's size.
     *
     * @return bytes.
     */
    public int capacityBytes()
    {
        return capacity;
    }

    private void refill(final long nowNs)
    {
        if (!started)
        {
            started = true;
            lastRefillNs = nowNs;
            return;
        }
        final long elapsed = nowNs - lastRefillNs;
        if (elapsed <= 0)
        {
            return;
        }
        lastRefillNs = nowNs;
        final long deficit = maxCredit - credit;
        // elapsed * rate overflows only beyond the time that fills the bucket anyway
        if (elapsed >= (deficit + rate - 1) / rate)
        {
            credit = maxCredit;
        }
        else
        {
            credit += elapsed * rate;
        }
    }

    private static int align(final int length)
    {
        return (length + FRAME_ALIGNMENT - 1) & -FRAME_ALIGNMENT;
    }
}
