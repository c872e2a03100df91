package io.temblor.transport;

import io.aeron.ControlledFragmentAssembler;
import io.aeron.Subscription;
import io.aeron.logbuffer.ControlledFragmentHandler;
import io.aeron.logbuffer.Header;
import io.temblor.offheap.EventRing;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.EpochNanoClock;

import java.nio.ByteOrder;

/**
 * Polls an Aeron subscription and writes each message (reassembled from its fragments) to an {@link EventRing} as one
 * {@link TransportDescriptor#DATA_TYPE} frame: the ingest_ns from the message's header ({@link AeronDescriptor}), the
 * publisher's session id as the frame id, the payload. When the ring is full the fragment is aborted
 * ({@link ControlledFragmentHandler.Action#ABORT}) so Aeron hands it over again on a later poll: nothing is lost and
 * the back pressure reaches the publisher through the subscriber's position. A message shorter than the header becomes
 * a {@link TransportDescriptor#MALFORMED_TYPE} frame with its bytes; one over the ring's largest payload an
 * {@link TransportDescriptor#OVERSIZE_TYPE} frame with its first bytes.
 *
 * <p>Agent thread only, but for the counters. Nothing is allocated per message (the assembler reuses its buffer per
 * session).
 */
public final class AeronSubscriptionAgent implements Agent, ControlledFragmentHandler
{
    private final String roleName;
    private final AeronDriverHolder.Lease lease;
    private final Subscription subscription;
    private final EventRing inbound;
    private final EpochNanoClock clock;
    private final int fragmentLimit;
    private final ControlledFragmentAssembler assembler = new ControlledFragmentAssembler(this);
    private volatile long received;
    private volatile long aborted;
    private volatile long malformed;

    /**
     * Adds the subscription (cold path, calling thread; waits for the driver's answer).
     *
     * @param roleName the agent's name.
     * @param lease the driver and client to subscribe through; closed with the agent.
     * @param channel the Aeron channel.
     * @param streamId the stream.
     * @param inbound the ring messages go to.
     * @param clock the ingest time of malformed messages (they carry none).
     * @param fragmentLimit the most fragments per duty cycle.
     * @throws io.aeron.exceptions.AeronException when the driver refuses the channel or does not answer.
     * @throws IllegalArgumentException when the channel does not parse.
     */
    public AeronSubscriptionAgent(final String roleName, final AeronDriverHolder.Lease lease, final String channel,
        final int streamId, final EventRing inbound, final EpochNanoClock clock, final int fragmentLimit)
    {
        this.roleName = roleName;
        this.lease = lease;
        this.inbound = inbound;
        this.clock = clock;
        this.fragmentLimit = fragmentLimit;
        this.subscription = lease.aeron().addSubscription(channel, streamId);
    }

    @Override
    public String roleName()
    {
        return roleName;
    }

    @Override
    public int doWork()
    {
        return subscription.controlledPoll(assembler, fragmentLimit);
    }

    /** One whole message; agent thread. */
    @Override
    public Action onFragment(final DirectBuffer buffer, final int offset, final int length, final Header header)
    {
        final long id = header.sessionId();
        final EventRing inbound = this.inbound;
        if (length < AeronDescriptor.HEADER_LENGTH)
        {
            if (!inbound.offer(TransportDescriptor.MALFORMED_TYPE, clock.nanoTime(), id, buffer, offset, length))
            {
                aborted = aborted + 1;
                return Action.ABORT;
            }
            malformed = malformed + 1;
            return Action.CONTINUE;
        }
        final long ingestNs = buffer.getLong(offset + AeronDescriptor.INGEST_NS_OFFSET, ByteOrder.LITTLE_ENDIAN);
        final int payloadLength = length - AeronDescriptor.HEADER_LENGTH;
        final int max = inbound.maxPayloadLength();
        final boolean oversize = payloadLength > max;
        if (!inbound.offer(oversize ? TransportDescriptor.OVERSIZE_TYPE : TransportDescriptor.DATA_TYPE, ingestNs, id,
            buffer, offset + AeronDescriptor.HEADER_LENGTH, oversize ? max : payloadLength))
        {
            aborted = aborted + 1;
            return Action.ABORT;
        }
        if (oversize)
        {
            malformed = malformed + 1;
        }
        else
        {
            received = received + 1;
        }
        return Action.CONTINUE;
    }

    @Override
    public void onClose()
    {
        CloseHelper.quietClose(subscription);
        lease.close();
    }

    /**
     * Whether a publisher is connected. Any thread.
     *
     * @return true when at least one image is.
     */
    public boolean isConnected()
    {
        return subscription.isConnected();
    }

    /**
     * Messages written to the ring as data. Any thread.
     *
     * @return the count.
     */
    public long received()
    {
        return received;
    }

    /**
     * Fragments aborted because the ring was full (each handed over again later). Any thread.
     *
     * @return the count.
     */
    public long abortedFragments()
    {
        return aborted;
    }

    /**
     * Messages reported as malformed or oversize. Any thread.
     *
     * @return the count.
     */
    public long malformedMessages()
    {
        return malformed;
    }
}
