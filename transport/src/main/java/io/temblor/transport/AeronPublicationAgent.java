package io.temblor.transport;

import io.aeron.ExclusivePublication;
import io.aeron.Publication;
import io.aeron.logbuffer.BufferClaim;
import io.temblor.offheap.EventRing;
import org.agrona.CloseHelper;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.UnsafeBuffer;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Publishes the frames of an {@link EventRing} to an Aeron stream, one message each laid out as
 * {@link AeronDescriptor} says (the frame's ingest_ns, then its payload). A message that fits one fragment is written
 * in place with {@code tryClaim}; a longer one goes through {@code offer}, which fragments it. When the stream is
 * back-pressured, not connected (no subscriber yet) or in an admin action, the message is held in direct memory and
 * offered again on the next duty cycles while no further frame is taken: nothing is dropped and the back pressure
 * reaches the ring's writer. Only a publication that closed (its client or driver went away) or reached its maximum
 * position, or a message over the stream's maximum length, make a frame undelivered: counted, with the reason.
 *
 * <p>The publication is exclusive (this agent is its one writer, so each connector is its own Aeron session). Agent
 * thread only, but for the counters. Nothing is allocated per frame.
 */
public final class AeronPublicationAgent implements Agent, EventRing.FrameHandler
{
    private final String roleName;
    private final AeronDriverHolder.Lease lease;
    private final ExclusivePublication publication;
    private final EventRing outbound;
    private final int pollLimit;
    private final BufferClaim claim = new BufferClaim();
    private final UnsafeBuffer payload = new UnsafeBuffer();
    private final UnsafeBuffer header = new UnsafeBuffer(ByteBuffer.allocateDirect(AeronDescriptor.HEADER_LENGTH));
    private final UnsafeBuffer held;
    private int heldLength = -1;
    private volatile boolean holding;
    private volatile long sent;
    private volatile long undelivered;
    private volatile long backPressured;
    private volatile String lastFailure;

    /**
     * Adds the publication (cold path, calling thread; waits for the driver's answer).
     *
     * @param roleName the agent's name.
     * @param lease the driver and client to publish through; closed with the agent.
     * @param channel the Aeron channel, e.g. {@code aeron:ipc} or {@code aeron:udp?endpoint=127.0.0.1:40123}.
     * @param streamId the stream.
     * @param outbound the ring of frames to publish.
     * @param pollLimit the most frames taken per duty cycle.
     * @throws io.aeron.exceptions.AeronException when the driver refuses the channel or does not answer.
     * @throws IllegalArgumentException when the channel does not parse.
     */
    public AeronPublicationAgent(final String roleName, final AeronDriverHolder.Lease lease, final String channel,
        final int streamId, final EventRing outbound, final int pollLimit)
    {
        this.roleName = roleName;
        this.lease = lease;
        this.outbound = outbound;
        this.pollLimit = pollLimit;
        this.publication = lease.aeron().addExclusivePublication(channel, streamId);
        this.held = new UnsafeBuffer(ByteBuffer.allocateDirect(AeronDescriptor.HEADER_LENGTH + outbound.maxPayloadLength()));
    }

    @Override
    public String roleName()
    {
        return roleName;
    }

    @Override
    public int doWork()
    {
        int work = 0;
        if (heldLength >= 0)
        {
            final long result = publication.offer(held, 0, heldLength);
            if (result < 0 && isRetryable(result))
            {
                return 0;
            }
            if (result < 0)
            {
                fail(result, heldLength - AeronDescriptor.HEADER_LENGTH);
            }
            else
            {
                sent = sent + 1;
            }
            heldLength = -1;
            holding = false;
            work++;
        }
        final EventRing outbound = this.outbound;
        for (int i = 0; i < pollLimit && heldLength < 0; i++)
        {
            if (outbound.poll(this, 1) == 0)
            {
                break;
            }
            work++;
        }
        return work;
    }

    /** A frame from the ring: published now, or held; agent thread. The ring's memory is always native. */
    @Override
    public void onFrame(final int type, final long ingestNs, final long id, final MemorySegment memory, final long offset,
        final int length)
    {
        final int messageLength = AeronDescriptor.HEADER_LENGTH + length;
        if (messageLength > publication.maxMessageLength())
        {
            undelivered = undelivered + 1;
            lastFailure = "message of " + messageLength + " bytes is over the stream's maximum of " +
                publication.maxMessageLength() + " (raise the channel's term-length)";
            return;
        }
        payload.wrap(memory.address() + offset, length);
        final long result;
        if (messageLength <= publication.maxPayloadLength())
        {
            result = publication.tryClaim(messageLength, claim);
            if (result > 0)
            {
                final MutableDirectBuffer buffer = claim.buffer();
                final int at = claim.offset();
                buffer.putLong(at + AeronDescriptor.INGEST_NS_OFFSET, ingestNs, ByteOrder.LITTLE_ENDIAN);
                buffer.putBytes(at + AeronDescriptor.HEADER_LENGTH, payload, 0, length);
                claim.commit();
                sent = sent + 1;
                return;
            }
        }
        else
        {
            header.putLong(AeronDescriptor.INGEST_NS_OFFSET, ingestNs, ByteOrder.LITTLE_ENDIAN);
            result = publication.offer(header, 0, AeronDescriptor.HEADER_LENGTH, payload, 0, length);
            if (result > 0)
            {
                sent = sent + 1;
                return;
            }
        }
        if (isRetryable(result))
        {
            held.putLong(AeronDescriptor.INGEST_NS_OFFSET, ingestNs, ByteOrder.LITTLE_ENDIAN);
            held.putBytes(AeronDescriptor.HEADER_LENGTH, payload, 0, length);
            heldLength = messageLength;
            holding = true;
            backPressured = backPressured + 1;
        }
        else
        {
            fail(result, length);
        }
    }

    private static boolean isRetryable(final long result)
    {
        return result == Publication.BACK_PRESSURED || result == Publication.NOT_CONNECTED ||
            result == Publication.ADMIN_ACTION;
    }

    private void fail(final long result, final int length)
    {
        undelivered = undelivered + 1;
        final String error = lease.lastError();
        lastFailure = "could not publish " + length + " bytes: " + (result == Publication.CLOSED ? "publication closed" :
            result == Publication.MAX_POSITION_EXCEEDED ? "publication reached its maximum position" :
            "offer returned " + result) + (null == error ? "" : " (" + error + ")");
    }

    @Override
    public void onClose()
    {
        CloseHelper.quietClose(publication);
        lease.close();
    }

    /**
     * Whether a subscriber is connected to the stream. Any thread.
     *
     * @return true when connected.
     */
    public boolean isConnected()
    {
        return publication.isConnected();
    }

    /**
     * Whether a message waits to be offered again (back pressure or no subscriber yet). Any thread.
     *
     * @return true while one is held.
     */
    public boolean isHoldingFrame()
    {
        return holding;
    }

    /**
     * Messages published. Any thread.
     *
     * @return the count.
     */
    public long sent()
    {
        return sent;
    }

    /**
     * Frames that will never be published (see the class comment). Any thread.
     *
     * @return the count.
     */
    public long undeliveredFrames()
    {
        return undelivered;
    }

    /**
     * Times a message was held because the stream was back-pressured or not connected. Any thread.
     *
     * @return the count.
     */
    public long backPressureEvents()
    {
        return backPressured;
    }

    /**
     * Why the last undelivered frame was not published. Any thread.
     *
     * @return the reason, or null.
     */
    public String lastFailure()
    {
        return lastFailure;
    }

    /**
     * The Aeron session of this publication (the id frames carry on the subscriber's side).
     *
     * @return the session id.
     */
    public int sessionId()
    {
        return publication.sessionId();
    }
}
