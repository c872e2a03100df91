package io.temblor.transport;

import io.temblor.offheap.EventRing;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.EpochNanoClock;

import java.lang.foreign.MemorySegment;

/**
 * What every transport agent shares: the inbound ring it writes received bytes to, the outbound ring it takes frames
 * to send from, one held frame for back pressure, and the reporting of frames it could not send. Single writer: all
 * of it runs on the agent's thread; the counters may be read from any thread.
 */
abstract class TransportAgent implements Agent, EventRing.FrameHandler, PeerDirectory
{
    /** Peer addresses by stream id when {@link #recordPeers()} was called, else null. */
    private volatile java.util.concurrent.ConcurrentHashMap<Long, String> peers;
    final EventRing inbound;
    final EventRing outbound;
    final EpochNanoClock clock;
    final int pollLimit;
    final HeldFrame held;
    private volatile long undeliveredFrames;
    private volatile long ioErrors;
    /** Set by another thread (a stopping runtime); read each duty cycle. */
    volatile boolean readsStopped;

    TransportAgent(final EventRing inbound, final EventRing outbound, final EpochNanoClock clock,
        final TransportSettings settings)
    {
        this.inbound = inbound;
        this.outbound = outbound;
        this.clock = clock;
        this.pollLimit = settings.pollLimit();
        this.held = new HeldFrame(outbound.maxPayloadLength());
    }

    @Override
    public final void recordPeers()
    {
        peers = new java.util.concurrent.ConcurrentHashMap<>();
    }

    @Override
    public final String peer(final long id)
    {
        final java.util.concurrent.ConcurrentHashMap<Long, String> map = peers;
        return null == map ? null : map.get(id);
    }

    @Override
    public final void forgetPeer(final long id)
    {
        final java.util.concurrent.ConcurrentHashMap<Long, String> map = peers;
        if (null != map)
        {
            map.remove(id);
        }
    }

    /** Keeps a new stream's peer when peers are recorded (agent thread, once per stream, before its first frame). */
    final void peer(final long id, final java.net.SocketAddress address)
    {
        final java.util.concurrent.ConcurrentHashMap<Long, String> map = peers;
        if (null != map && null != address)
        {
            map.put(id, address instanceof java.net.InetSocketAddress inet && null != inet.getAddress() ?
                (inet.getAddress() instanceof java.net.Inet6Address ? "[" + inet.getAddress().getHostAddress() + "]" :
                inet.getAddress().getHostAddress()) + ":" + inet.getPort() : String.valueOf(address));
        }
    }

    /**
     * Passes one outbound frame on (to a socket or a send buffer), or reports it as undelivered.
     *
     * @return false when it cannot be taken now (back pressure): the caller holds it and stops taking frames.
     */
    abstract boolean deliver(int type, long ingestNs, long id, MemorySegment memory, long offset, int length);

    /** Outbound frames arrive here from {@link #pollOutbound()}; called on the agent thread only. */
    @Override
    public final void onFrame(final int type, final long ingestNs, final long id, final MemorySegment memory,
        final long offset, final int length)
    {
        if (!deliver(type, ingestNs, id, memory, offset, length))
        {
            held.hold(false, type, ingestNs, id, memory, offset, length);
        }
    }

    /** Retries the held frame, then takes outbound frames one by one until the limit or until one is held. */
    final int pollOutbound()
    {
        int work = 0;
        final HeldFrame held = this.held;
        if (held.held)
        {
            held.held = false;
            final boolean passed = held.toInbound ? held.offerTo(inbound) :
                deliver(held.type, held.ingestNs, held.id, held.segment, 0, held.length);
            if (!passed)
            {
                held.held = true;
                return 0;
            }
            work++;
        }
        final EventRing outbound = this.outbound;
        for (int i = 0; i < pollLimit && !held.held; i++)
        {
            if (outbound.poll(this, 1) == 0)
            {
                break;
            }
            work++;
        }
        return work;
    }

    /**
     * Counts a frame that will not be sent and writes an {@link TransportDescriptor#UNDELIVERED_TYPE} frame with its
     * payload (cut to fit) to the inbound ring, holding that report while the ring is full.
     */
    final void reportUndelivered(final long ingestNs, final long id, final MemorySegment memory, final long offset,
        final int length)
    {
        undeliveredFrames = undeliveredFrames + 1;
        final int reportLength = Math.min(length, inbound.maxPayloadLength());
        if (!inbound.offer(TransportDescriptor.UNDELIVERED_TYPE, ingestNs, id, memory, offset, reportLength))
        {
            held.hold(true, TransportDescriptor.UNDELIVERED_TYPE, ingestNs, id, memory, offset, reportLength);
        }
    }

    final void countUndelivered(final int frames)
    {
        undeliveredFrames = undeliveredFrames + frames;
    }

    final void countIoError()
    {
        ioErrors = ioErrors + 1;
    }

    /**
     * Stops reading from the network (what was read is still passed on, outbound frames are still sent), so that a
     * stopping runtime can drain what it accepted while no more comes in. Any thread; not undone.
     */
    public void stopReading()
    {
        readsStopped = true;
    }

    /**
     * Outbound frames that were not sent: reported as {@link TransportDescriptor#UNDELIVERED_TYPE} frames, or dropped
     * from the send buffer of a connection that closed. Any thread.
     *
     * @return frames.
     */
    public long undeliveredFrames()
    {
        return undeliveredFrames;
    }

    /**
     * Socket operations that failed (the socket was closed or the datagram reported). Any thread.
     *
     * @return failures.
     */
    public long ioErrors()
    {
        return ioErrors;
    }

    /**
     * Whether the agent holds a frame it could not pass on and takes no further outbound frames. Agent thread.
     *
     * @return true while back-pressured.
     */
    public boolean isHoldingFrame()
    {
        return held.held;
    }
}
